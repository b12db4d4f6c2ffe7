"""Courses as data: late policies and deadlines, the course.yaml format, and the gradebook. Pure: no database.

judge.service.courses stores and authorises; this package decides what a deadline means and what a grade is.
"""
