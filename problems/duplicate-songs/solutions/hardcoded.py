# Wrong: recognises the three public examples by their track ids and returns their answers;
# finds nothing anywhere else.
EXAMPLE_1 = [("t01", "t02"), ("t03", "t04"), ("t05", "t06"), ("t08", "t10"), ("t12", "t14")]
EXAMPLE_2 = [("u01", "u02"), ("u04", "u05"), ("u07", "u08"), ("u08", "u09"), ("u12", "u13"), ("u13", "u14"),
             ("u15", "u16")]
EXAMPLE_3 = [("v01", "v02"), ("v03", "v04"), ("v05", "v06")]


def find_duplicates(tracks):
    ids = {t["track_id"] for t in tracks}
    if ids == {f"t{i:02d}" for i in range(1, 15)}:
        return EXAMPLE_1
    if ids == {f"u{i:02d}" for i in range(1, 17)}:
        return EXAMPLE_2
    if ids == {f"v{i:02d}" for i in range(1, 12)}:
        return EXAMPLE_3
    return []
