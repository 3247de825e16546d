"""Serve the built site with nginx, as on the intranet: `handbook nginx [--port N]`.

Renders the package's handbook/deploy_files/nginx.conf.in for a site folder: security
headers, including a Content-Security-Policy that allows only the site itself (plus the hashes
of the few inline scripts Material writes into every page), and starts nginx in the foreground.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from string import Template

from handbook.config import SITE

# Shipped inside the package, so an installed `handbook` serves any project folder.
TEMPLATE = Path(__file__).parent / "deploy_files" / "nginx.conf.in"
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S)


def inline_script_hashes(site: Path) -> list[str]:
    """CSP hashes ('sha256-…') of every distinct inline script in the site's pages."""
    hashes: set[str] = set()
    for page in site.rglob("*.html"):
        for attributes, code in _INLINE_SCRIPT.findall(page.read_text(encoding="utf-8")):
            if "application/json" in attributes:
                continue  # data, not run: not subject to script-src
            digest = hashlib.sha256(code.encode("utf-8")).digest()
            hashes.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(hashes)


def content_security_policy(site: Path) -> str:
    """Only the site itself: no other host may serve scripts, styles, fonts or images."""
    scripts = " ".join(["'self'", *inline_script_hashes(site)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            # Material and our SVG charts set style attributes; no stylesheet comes from elsewhere.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )


def render(site: Path, listen: str, prefix: Path) -> str:
    """The nginx.conf for `site`, listening on `listen` (e.g. 127.0.0.1:8080)."""
    headers = [
        f'add_header Content-Security-Policy "{content_security_policy(site)}" always;',
        'add_header X-Content-Type-Options "nosniff" always;',
        'add_header Referrer-Policy "no-referrer" always;',
        'add_header X-Frame-Options "SAMEORIGIN" always;',
    ]
    values = {
        # Started by root (as in CI), workers would run as `nobody` and could not read a site
        # in a private folder: keep the starting user. Unprivileged starts need no directive.
        "user": f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else "",
        "site": str(site.resolve()),
        "listen": listen,
        "prefix": str(prefix.resolve()),
        "security_headers": "\n".join(" " * 12 + line for line in headers),
    }
    # safe_substitute: nginx's own variables ($uri) and regex anchors stay as they are.
    config = Template(TEMPLATE.read_text(encoding="utf-8")).safe_substitute(values)
    left = [name for name in values if f"${{{name}}}" in config]
    if left:
        raise ValueError(f"unfilled placeholders in {TEMPLATE.name}: {left}")
    return config


def start(site: Path, port: int, prefix: Path) -> subprocess.Popen:
    """Write the configuration under `prefix` and start nginx in the foreground (a child)."""
    prefix.mkdir(parents=True, exist_ok=True)
    config = prefix / "nginx.conf"
    config.write_text(render(site, f"127.0.0.1:{port}", prefix), encoding="utf-8")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    subprocess.run([nginx, "-t", "-q", "-p", str(prefix), "-c", str(config)], check=True)
    return subprocess.Popen([nginx, "-p", str(prefix), "-c", str(config), "-g", "daemon off;"])


def main(argv: list[str] | None = None) -> int:
    """Serve site/ with nginx on 127.0.0.1 until interrupted."""
    parser = argparse.ArgumentParser(prog="handbook nginx", description=__doc__)
    parser.add_argument("--site", type=Path, default=SITE, help="the built site folder")
    parser.add_argument("--port", type=int, default=8080, help="loopback port (default 8080)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        print(f"{args.site} has no index.html: run `make build` first", file=sys.stderr)
        return 1
    prefix = Path(tempfile.mkdtemp(prefix="handbook-nginx-"))
    process = start(args.site, args.port, prefix)
    print(f"Serving {args.site} at http://127.0.0.1:{args.port}/ (Ctrl+C to stop)")
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        return 0
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
