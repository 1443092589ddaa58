"""The national-scale benchmark of Entydig and its deterministic data generator."""
