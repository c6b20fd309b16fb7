"""A certificate the system does not trust is a verdict, never retried, never downgraded."""

import datetime
import ipaddress
import ssl

from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.crawl.conftest import PDF


def _self_signed(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))  # fmt: skip
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert_file, key_file)
    return ctx


async def test_untrusted_certificate_is_unreachable_and_not_retried(
    aiohttp_server, run_crawl, tmp_path
):
    hits = []

    async def handler(_request):
        hits.append(1)
        return web.Response(body=PDF, content_type="application/pdf")

    app = web.Application()
    app.router.add_get("/r.pdf", handler)
    server = await aiohttp_server(app, ssl=_self_signed(tmp_path))
    url = str(server.make_url("/r.pdf")).replace("http://", "https://")
    r = (await run_crawl([url]))[url]
    assert r.verdict == "unreachable"
    assert r.reason.startswith("TLS certificate error (not retried)")
    assert r.attempts == 1 and hits == []
