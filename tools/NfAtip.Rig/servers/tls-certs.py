#!/usr/bin/python3
"""A throw-away CA and a server certificate it signs, for a rig scenario's TLS servers (nothing is kept
beyond the scenario's scratch folder; no key is in the repository).

  tls-certs.py DIR IP [IP ...]

Writes DIR/ca.pem (what the board gets with AT#CACERT), DIR/cert.pem and DIR/key.pem (the server's, for
every IP given as a subjectAltName, plus 127.0.0.1), ECDSA P-256, valid from a day ago for 30 days.
Needs python3-cryptography (a dependency of python3-openssl, which the test command installs)."""
import datetime
import ipaddress
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def main():
    out, ips = sys.argv[1], sys.argv[2:]
    os.makedirs(out, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    start, end = now - datetime.timedelta(days=1), now + datetime.timedelta(days=30)

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "nf-atip rig test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(start).not_valid_after(end)
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
          .sign(ca_key, hashes.SHA256()))

    key = ec.generate_private_key(ec.SECP256R1())
    addresses = [ipaddress.ip_address(a) for a in dict.fromkeys(ips + ["127.0.0.1"])]
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, str(addresses[0]))]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(a) for a in addresses]), critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .sign(ca_key, hashes.SHA256()))

    with open(os.path.join(out, "ca.pem"), "wb") as f:
        f.write(ca.public_bytes(serialization.Encoding.PEM))
    with open(os.path.join(out, "cert.pem"), "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(os.path.join(out, "key.pem"), "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    # Dovecot's login processes read the key as another user.
    os.chmod(out, 0o755)
    for name in ("ca.pem", "cert.pem", "key.pem"):
        os.chmod(os.path.join(out, name), 0o644)


if __name__ == "__main__":
    main()
