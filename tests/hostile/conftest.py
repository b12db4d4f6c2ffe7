"""The hostile suite's service attacks use the in-process API of tests/judge/api."""

from tests.judge.api.conftest import api, api_factory, api_template  # noqa: F401 - fixtures, shared
