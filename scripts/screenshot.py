"""Take screenshots of a running Cartel with the system's Chromium (for the README and for looking at pages).

uv run cartel demo --persons 2000 &          # or any running server
uv run python scripts/screenshot.py --url http://127.0.0.1:8000 --user a-lead --out docs/img/dashboard.png
uv run python scripts/screenshot.py --path "/registry/?q=Kovalenko" --out /tmp/registry.png
"""

from __future__ import annotations

import argparse

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="a-lead")
    parser.add_argument("--password", default="cartel-demo-2025")
    parser.add_argument("--path", default="/", help="page to capture after signing in")
    parser.add_argument("--language", default="", help="en, uk or ru")
    parser.add_argument("--out", default="docs/img/dashboard.png")
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": 900})
        page.goto(args.url + "/login/")
        page.fill("input[name=username]", args.user)
        page.fill("input[name=password]", args.password)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        if args.language:
            page.click(f"button[name=language][value={args.language}]")
            page.wait_for_load_state("networkidle")
        page.goto(args.url + args.path)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=args.out, full_page=True)
        browser.close()
    print(args.out)


if __name__ == "__main__":
    main()
