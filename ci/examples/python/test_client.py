#!/usr/bin/env python3
"""An example partner test suite: a tiny Webex WFO client and its tests, standard library only.

Run it against wfo-harness through the kit:

    ci/run-against-harness.sh --snapshot ci/examples/python/snapshot.yaml -- \
        python3 ci/examples/python/test_client.py

The kit sets WFO_HARNESS_URL. CLIENT_LANGUAGE changes what the client sends at login (the kit's
own test uses it to show that a changed request fails verification).
"""

import json
import os
import unittest
import urllib.error
import urllib.request

BASE = os.environ.get("WFO_HARNESS_URL", "http://127.0.0.1:8080").rstrip("/")
LANGUAGE = os.environ.get("CLIENT_LANGUAGE", "en")


class WfoClient:
    """What a real integration does: log in, keep the session cookie, call the API."""

    def __init__(self, base):
        self.base = base
        self.cookie = None

    def request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Accept", "application/json")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if self.cookie:
            req.add_header("Cookie", self.cookie)
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as err:
            return err.code, err.headers, err.read()

    def login(self, user, password):
        status, headers, body = self.request(
            "POST", "/api/rest/authorize",
            {"userId": user, "password": password, "language": LANGUAGE},
        )
        if status == 200:
            self.cookie = headers.get("Set-Cookie").split(";")[0]
        return status, json.loads(body)

    def logout(self):
        status, _, _ = self.request("DELETE", "/api/rest/authorize")
        self.cookie = None
        return status


class WebexClientTest(unittest.TestCase):
    # Ordered names: the transcript, and so the snapshot, follows the order of the calls.
    def test_1_login_and_read_the_session_user(self):
        c = WfoClient(BASE)
        status, user = c.login("admin@example.com", "admin")
        self.assertEqual(status, 200)
        self.assertEqual(user["userId"], "admin@example.com")
        status, _, body = c.request("GET", "/api/rest/authorize")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["id"], user["id"])
        self.assertEqual(c.logout(), 200)

    def test_2_wrong_password_is_refused(self):
        status, body = WfoClient(BASE).login("admin@example.com", "not-the-password")
        self.assertEqual(status, 401)
        self.assertIn("errorMessage", body)

    def test_3_permissions_need_view_org(self):
        admin = WfoClient(BASE)
        admin.login("admin@example.com", "admin")
        status, _, body = admin.request("GET", "/api/rest/org/permissions/")
        self.assertEqual(status, 200)
        self.assertIn("ViewOrg", [p["name"] for p in json.loads(body)])
        agent = WfoClient(BASE)
        agent.login("agent@example.com", "agent")
        status, _, _ = agent.request("GET", "/api/rest/org/permissions/")
        self.assertEqual(status, 403)

    def test_4_no_session_is_unauthorized(self):
        status, _, _ = WfoClient(BASE).request("GET", "/api/rest/authorize")
        self.assertEqual(status, 401)

    def test_5_the_harness_is_healthy(self):
        # The admin API is not recorded in the transcript.
        status, _, body = WfoClient(BASE).request("GET", "/__admin/health")
        self.assertEqual(status, 200)
        self.assertIn("status", json.loads(body))


if __name__ == "__main__":
    unittest.main(verbosity=2)
