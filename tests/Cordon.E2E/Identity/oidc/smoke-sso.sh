#!/usr/bin/env bash
# Manual smoke test of single sign-on against provider.mjs (curl, no browser): see docs/decisions/014-identity.md.
# Needs Cordon on :5391 (operator password Deploy-Secret-2026) and PORT=3911 REDIRECT_URI=http://localhost:5391/signin-oidc/ops node provider.mjs.
set -u
C=http://localhost:5391; P=http://localhost:3911
J=/tmp/jar1; J2=/tmp/jar2; rm -f $J $J2
tok=$(curl -s -c $J -b $J $C/login | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//;s/"$//')
curl -s -c $J -b $J -o /dev/null -w 'login %{http_code} %{redirect_url}\n' --data-urlencode "UserName=operator" --data-urlencode "Password=Deploy-Secret-2026" --data-urlencode "__RequestVerificationToken=$tok" $C/login
curl -s -c $J -b $J -X PUT -H 'Content-Type: application/json' -w '\nput %{http_code}\n' $C/api/agencies/OPS/identity-provider \
  -d "{\"issuer\":\"$P\",\"clientId\":\"cordon\",\"clientSecret\":\"cordon-test-secret\",\"roleClaim\":\"groups\",\"roleMapping\":\"customs-officers=officer\\nrisk-team=analyst,supervisor\"}"
auth=$(curl -s -c $J2 -b $J2 -o /dev/null -w '%{redirect_url}' $C/login/sso/OPS); echo "challenge -> $auth"
page=$(curl -s -L -c $J2 -b $J2 "$auth"); action=$(echo "$page" | grep -o 'action="[^"]*"' | head -1 | sed 's/action="//;s/"//'); echo "login form -> $action"
page=$(curl -s -L -c $J2 -b $J2 --data-urlencode "prompt=login" --data-urlencode "login=${WHO:-ines.inspector}" --data-urlencode "password=x" "$(case $action in http*) echo $action;; *) echo $P$action;; esac)"); action=$(echo "$page" | grep -o 'action="[^"]*"' | head -1 | sed 's/action="//;s/"//'); echo "consent form -> $action"
curl -s -L -c $J2 -b $J2 -o /tmp/final.html -w 'final %{http_code} %{url_effective}\n' --data-urlencode "prompt=consent" "$(case $action in http*) echo $action;; *) echo $P$action;; esac)"
curl -s -c $J2 -b $J2 -w '\nme %{http_code}\n' $C/api/me
