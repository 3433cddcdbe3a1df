"""The Voila server of `tenderkit workshop`, made to answer only the facilitator's browser.

Stock Voila 0.5 serves a notebook to whoever connects: with no token by default, with
`allow_remote_access` fixed to True (so any `Host` header passes, which a hostile web page can
exploit by DNS rebinding) and with one new kernel per page request. This subclass keeps
everything else of Voila and changes exactly that:

- a token is required; it comes from the environment variable `TOKEN_ENV` (never from the
  command line, which every user of the machine can read with `ps`) and is removed from the
  environment before any kernel starts, so no kernel inherits it;
- the `Host` header must name the loopback (127.0.0.1, ::1, localhost): jupyter_server's own
  check, switched back on; a cross-site `Origin` on any API request or kernel websocket is
  refused (jupyter_server's check with an empty `allow_origin`);
- a page request is refused (503) while `max_kernels` kernels run (preheated ones included);
  kernels nobody is connected to are culled after `cull_idle_timeout` seconds (set by serve.py).

Run as `python -m tenderkit.workshop.voila_app NOTEBOOK [voila options]`.
"""

from __future__ import annotations

import os

from tornado import web
from traitlets import Integer
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

__all__ = ["LOCAL_HOSTNAMES", "MAX_KERNELS_DEFAULT", "TOKEN_ENV", "WorkshopVoila"]

TOKEN_ENV = "TENDERKIT_WORKSHOP_TOKEN"
LOCAL_HOSTNAMES = ["localhost"]
MAX_KERNELS_DEFAULT = 14


class CappedVoilaHandler(TornadoVoilaHandler):
    """The notebook page; refused while the server already runs as many kernels as allowed."""

    @web.authenticated
    async def get(self, path: str | None = None) -> None:
        limit = self.settings["tenderkit_max_kernels"]
        if len(self.kernel_manager.list_kernel_ids()) >= limit:
            raise web.HTTPError(
                503,
                reason="The workshop is full: close another participant's page and try again",
            )
        await super().get(path)


class WorkshopVoila(Voila):
    """Voila with a token from the environment, the loopback Host check and a kernel cap."""

    name = "tenderkit-workshop"
    max_kernels = Integer(
        MAX_KERNELS_DEFAULT,
        config=True,
        help="Most kernels at once (preheated ones included); a page request beyond is refused.",
    )

    def initialize(self, argv: list[str] | None = None) -> None:
        super().initialize(argv)
        token = os.environ.pop(TOKEN_ENV, "")
        if not token:
            raise SystemExit(f"{TOKEN_ENV} is not set: the workshop does not start without a token")
        self.token = token

    def init_settings(self) -> dict:
        settings = super().init_settings()
        settings.update(
            allow_remote_access=False,  # jupyter_server's Host check (Voila sets True)
            local_hostnames=LOCAL_HOSTNAMES,
            allow_origin="",  # no cross-site API or websocket request
            allow_origin_pat="",
            allow_credentials=False,
            tenderkit_max_kernels=self.max_kernels,
        )
        return settings

    def init_handlers(self) -> list:
        return [
            (route[0], CappedVoilaHandler, *route[2:])
            if len(route) > 1 and route[1] is TornadoVoilaHandler
            else route
            for route in super().init_handlers()
        ]


main = WorkshopVoila.launch_instance

if __name__ == "__main__":
    main()
