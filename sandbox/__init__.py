"""The sandbox image's build files (Dockerfile, requirements.txt, build-base.sh).

Installed as the package ``judge.sandbox.context``, so that an installed judge can build its image; the
runner that goes into the image is the package ``judgebox`` beside them.
"""
