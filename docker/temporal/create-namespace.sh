#!/bin/sh
# One-shot, from temporalio/admin-tools: registers Flowcard's namespace unless it exists.
set -eu
temporal operator namespace describe --namespace "$NAMESPACE" --address temporal:7233 >/dev/null 2>&1 ||
  temporal operator namespace create --namespace "$NAMESPACE" --retention 72h --address temporal:7233
