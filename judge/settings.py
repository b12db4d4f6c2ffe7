"""The judge's configuration: one class, read from JUDGE_* variables, built once and passed in."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from judge.sandbox.image import REPO_ROOT


class SandboxSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JUDGE_SANDBOX_", extra="forbid")

    image: str = "judge-sandbox:latest"
    user: str = "10001:10001"
    cpus: float = Field(1.0, gt=0, description="CPUs one sandbox may use")
    pids_limit: int = Field(64, ge=8)
    memory_overhead_mb: int = Field(64, ge=16, description="container memory on top of the problem's limit, for the runner")
    tmpfs_mb: int = Field(64, ge=1, description="size of the writable /tmp scratch")
    box_mb: int = Field(256, ge=8, description="size of the volume that holds the inputs")
    startup_allowance_s: float = Field(30.0, gt=0, description="container wall time beyond the tests' own limits")
    docker_url: str | None = Field(None, description="Docker engine URL; the environment's DOCKER_HOST when unset")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="JUDGE_", extra="ignore")

    problems_dir: Path = REPO_ROOT / "problems"
    cache_dir: Path = Field(Path.home() / ".cache" / "judge", description="derived expected outputs")
    sandbox: SandboxSettings = Field(default_factory=SandboxSettings)
