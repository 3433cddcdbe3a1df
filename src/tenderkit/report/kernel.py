"""The named Jupyter kernel the notebooks run under.

Notebooks always ask for the kernel `tenderkit`, never `python3`, so a kernel from another Python
on the machine can never run them. `make` registers it inside the virtualenv; after a plain
`pip install .` it is registered on first use, for this very interpreter.
"""

from __future__ import annotations

import sys

KERNEL_NAME = "tenderkit"


def ensure_kernel() -> str:
    """Make sure the `tenderkit` kernel exists for this Python; return its name."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
        if spec.argv and spec.argv[0] == sys.executable:
            return KERNEL_NAME
    except NoSuchKernel:
        pass
    from ipykernel.kernelspec import install

    install(kernel_name=KERNEL_NAME, display_name="tenderkit", prefix=sys.prefix)
    return KERNEL_NAME
