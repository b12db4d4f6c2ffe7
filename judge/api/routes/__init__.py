"""One module per resource; each route translates HTTP to one judge.service call and back."""
