"""What a problem is: the problem.yaml schema an author writes (spec) and the problem as loaded (model).

Data only. How each kind reads, runs and grades its problems is in judge.kinds; reading a directory is
judge.problems.loader.
"""
