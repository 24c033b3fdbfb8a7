# JupyterHub (3.0, Debian's `jupyterhub`) for a class on one machine:
#   jupyterhub -f deploy/jupyterhub_config.py
# Each student is a Unix user with their own server (LocalProcessSpawner: the server
# and its kernels run as that user, in a home only they can read). The server is
# deploy/student_server.py from the install (node deploy/install.js --out
# $ADAPTIVE_LR_HOME): it copies the lecture notebooks the student lacks into
# ~/lectures, then runs jupyterhub-singleuser. The kernel "TypeScript (adaptive-lr)"
# is registered for every user by the install.
#
# Students' servers outlive the hub: restarting or upgrading the hub does not stop a
# student's kernel. For that the proxy runs on its own (started before the hub, see
# deploy/README.md) and the hub neither starts nor stops servers or the proxy when it
# starts or stops.
#
# Settings come from the environment (defaults are a production host's):
#   ADAPTIVE_LR_HOME         the install (default /opt/adaptive-lr): app/, release/
#   ADAPTIVE_LR_KERNELS      a Jupyter data folder holding the kernel, put on the students'
#                            JUPYTER_PATH (default: none, the kernel is registered --system)
#   ADAPTIVE_LR_HUB_DATA     the hub's database and cookie secret (default /srv/jupyterhub)
#   ADAPTIVE_LR_HUB_IP / ADAPTIVE_LR_HUB_PORT   where students connect, through the proxy
#                            (default all interfaces, 8000; put TLS in front)
#   ADAPTIVE_LR_HUB_API_PORT the hub's own API, on 127.0.0.1 (default 8081)
#   ADAPTIVE_LR_PROXY_API    the proxy's API (default http://127.0.0.1:8001);
#                            CONFIGPROXY_AUTH_TOKEN must be the same for the proxy and the hub
#   ADAPTIVE_LR_HUB_GROUP    the Unix group whose members may log in (default students)
#   ADAPTIVE_LR_HUB_ADMINS   comma-separated instructors' user names (default none)
#   ADAPTIVE_LR_HUB_TEST_PASSWORD  TESTS ONLY: a shared password instead of the system's
#                            passwords (DummyAuthenticator); with ADAPTIVE_LR_HUB_STUDENTS,
#                            the comma-separated users allowed in
import os

c = get_config()  # noqa: F821 (JupyterHub's config loader defines it)
env = os.environ.get

home = env("ADAPTIVE_LR_HOME", "/opt/adaptive-lr")
data = env("ADAPTIVE_LR_HUB_DATA", "/srv/jupyterhub")
os.makedirs(data, mode=0o700, exist_ok=True)

# Where students connect (the proxy) and where the hub listens for the proxy and the servers.
c.JupyterHub.ip = env("ADAPTIVE_LR_HUB_IP", "")
c.JupyterHub.port = int(env("ADAPTIVE_LR_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env("ADAPTIVE_LR_HUB_API_PORT", "8081"))
c.JupyterHub.db_url = f"sqlite:///{os.path.join(data, 'jupyterhub.sqlite')}"
c.JupyterHub.cookie_secret_file = os.path.join(data, "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = os.path.join(data, "jupyterhub.pid")

# Servers and the proxy outlive the hub: a restart reconnects to both.
c.JupyterHub.cleanup_servers = False
c.JupyterHub.cleanup_proxy = False
c.ConfigurableHTTPProxy.should_start = False
c.ConfigurableHTTPProxy.api_url = env("ADAPTIVE_LR_PROXY_API", "http://127.0.0.1:8001")

# One server per student, as that Unix user, in their home; the lectures open first.
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = ["/usr/bin/python3", os.path.join(home, "app", "deploy", "student_server.py")]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/tree/lectures"
c.Spawner.environment = {"ADAPTIVE_LR_RELEASE": os.path.join(home, "release"), "ADAPTIVE_LR_LECTURES": "lectures"}
if env("ADAPTIVE_LR_KERNELS"):
    c.Spawner.environment["JUPYTER_PATH"] = env("ADAPTIVE_LR_KERNELS")
# A kernel starts in seconds, but a class logging in at once shares the CPU.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120
# An idle kernel gives its memory back after an hour (what the capacity figures assume).
c.Spawner.args = [
    "--MappingKernelManager.cull_idle_timeout=3600",
    "--MappingKernelManager.cull_interval=300",
]

# Who may log in.
if env("ADAPTIVE_LR_HUB_TEST_PASSWORD"):
    c.JupyterHub.authenticator_class = "jupyterhub.auth.DummyAuthenticator"
    c.DummyAuthenticator.password = env("ADAPTIVE_LR_HUB_TEST_PASSWORD")
    c.Authenticator.allowed_users = {u for u in env("ADAPTIVE_LR_HUB_STUDENTS", "").split(",") if u}
else:
    c.JupyterHub.authenticator_class = "jupyterhub.auth.PAMAuthenticator"
    c.PAMAuthenticator.allowed_groups = {env("ADAPTIVE_LR_HUB_GROUP", "students")}
c.Authenticator.admin_users = {u for u in env("ADAPTIVE_LR_HUB_ADMINS", "").split(",") if u}
