"""What the API and the worker do, as plain functions over a database session."""
