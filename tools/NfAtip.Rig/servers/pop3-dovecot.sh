#!/bin/sh
# A real Dovecot POP3 server (Debian dovecot-pop3d) for a rig scenario, in the foreground on 127.0.0.1:PORT,
# with its own configuration under DIR (as tests/NfAtip.Services.Tests/Pop3/DovecotServer.cs does).
# One user USER with password PASSWORD; the maildir is DIR/mail (deliver messages into DIR/mail/new).
# With CERT and KEY (PEM files): STLS on PORT, and POP3S (TLS from the first byte) on TLSPORT.
#   pop3-dovecot.sh PORT DIR USER PASSWORD [CERT KEY TLSPORT]
set -eu
port=$1 dir=$2 user=$3 password=$4
cert=${5:-} key=${6:-} tls_port=${7:-}
if [ -n "$cert" ]; then
  ssl="ssl = yes
ssl_cert = <$cert
ssl_key = <$key"
  pop3s="inet_listener pop3s {
    address = 127.0.0.1
    port = $tls_port
    ssl = yes
  }"
else
  ssl="ssl = no" pop3s=""
fi
mkdir -p "$dir/run" "$dir/state" "$dir/mail/new" "$dir/mail/cur" "$dir/mail/tmp"
# Dovecot's mail processes run as nobody (it refuses uid 0 for mail users).
chmod 0777 "$dir" "$dir/mail" "$dir/mail/new" "$dir/mail/cur" "$dir/mail/tmp"
chmod -f 0666 "$dir"/mail/new/* 2>/dev/null || true
printf '%s:{PLAIN}%s:65534:65534::%s/mail::\n' "$user" "$password" "$dir" > "$dir/passwd"
cat > "$dir/dovecot.conf" <<CONF
protocols = pop3
listen = 127.0.0.1
base_dir = $dir/run
state_dir = $dir/state
instance_name = nfatip-rig-$port-$$
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
first_valid_uid = 1
log_path = /dev/stderr
info_log_path = /dev/stderr
disable_plaintext_auth = no
auth_mechanisms = plain
auth_failure_delay = 0
$ssl
mail_location = maildir:$dir/mail
passdb {
  driver = passwd-file
  args = $dir/passwd
}
userdb {
  driver = passwd-file
  args = $dir/passwd
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = $port
  }
  $pop3s
}
CONF
exec dovecot -F -c "$dir/dovecot.conf"
