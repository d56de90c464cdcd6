"""The optional compiled posting loops (src/askmali/_kernels.c). Everything else is in
pyproject.toml. Without a C compiler the build goes on without them and askmali scores with
numpy (askmali.kernels): the same scores, slower (docs/performance.md)."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "askmali._kernels",
            ["src/askmali/_kernels.c"],
            # IEEE arithmetic as numpy does it: no fused multiply-add, no reassociation
            extra_compile_args=["-O3", "-ffp-contract=off", "-fno-fast-math"],
            optional=True,
        )
    ]
)
