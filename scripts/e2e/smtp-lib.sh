# shellcheck shell=bash
# What scripts/e2e/mail.sh and scripts/bench/mail.sh both need to run aiosmtpd (scripts/e2e/smtp_server.py):
# its virtualenv, and certificates of a CA made for the run. Sourced; defines functions and two variables.

smtp_venv=${XDG_CACHE_HOME:-$HOME/.cache}/gatehouse-mail-venv
aiosmtpd_spec='aiosmtpd==1.4.6'

# smtp_venv_ready WORK: makes $smtp_venv with $aiosmtpd_spec from PyPI when it has no aiosmtpd (pip's output in
# WORK/venv.log); fails, saying why on stderr, when it cannot.
smtp_venv_ready() {
  "$smtp_venv/bin/python" -c 'import aiosmtpd' 2>/dev/null && return 0
  echo "creating $smtp_venv with $aiosmtpd_spec (pip)" >&2
  mkdir -p "$(dirname "$smtp_venv")"
  rm -rf "$smtp_venv"
  if ! { python3 -m venv "$smtp_venv.$$" && "$smtp_venv.$$/bin/pip" install -q "$aiosmtpd_spec"; } >"$1/venv.log" 2>&1; then
    tail -20 "$1/venv.log" >&2
    rm -rf "$smtp_venv.$$"
    echo "FAIL: could not create the virtualenv $smtp_venv with $aiosmtpd_spec" >&2
    return 1
  fi
  mv "$smtp_venv.$$" "$smtp_venv"
}

# smtp_make_ca WORK NAME: a CA of this run (TEST ONLY), WORK/NAME-ca.key and WORK/NAME-ca.pem.
smtp_make_ca() {
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$1/$2-ca.key" -out "$1/$2-ca.pem" -days 2 \
    -subj "/CN=Gatehouse $2 CA (TEST ONLY)" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign" 2>/dev/null
}

# smtp_server_certificate WORK CA_NAME: WORK/smtp.key and WORK/smtp.pem for localhost and 127.0.0.1, signed by the
# CA smtp_make_ca made under CA_NAME.
smtp_server_certificate() {
  openssl req -newkey rsa:2048 -nodes -keyout "$1/smtp.key" -out "$1/smtp.csr" -subj "/CN=localhost" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$1/smtp.ext"
  openssl x509 -req -in "$1/smtp.csr" -CA "$1/$2-ca.pem" -CAkey "$1/$2-ca.key" -CAcreateserial -days 2 \
    -extfile "$1/smtp.ext" -out "$1/smtp.pem" 2>/dev/null
}
