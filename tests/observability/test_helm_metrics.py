"""The Helm chart wires observability: every process's pods are annotated for a Prometheus
scrape of /metrics on their port, a ServiceMonitor (Prometheus Operator) when asked, each
process names itself to OpenTelemetry and exports to the collector only when one is given,
and the NetworkPolicies let the process reach that collector and nothing more."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate

from tests.helpers.deploy_helm import helm_binary, render

KUBERNETES = "1.30.0"
COLLECTOR = "http://otel-collector.observability:4318"


def env_of(deployment: dict[str, Any]) -> dict[str, str]:
    (main,) = deployment["spec"]["template"]["spec"]["containers"]
    return {e["name"]: e.get("value", "") for e in main["env"]}


def test_pods_are_scraped_and_traced_as_configured(repo_root: Path) -> None:
    helm, chart = helm_binary(repo_root), repo_root / "deploy" / "helm" / "kith"
    plain = render(helm, chart)
    for doc in [d for d in plain if d["kind"] == "Deployment"]:
        deployment: dict[str, Any] = dict(doc)
        annotations = deployment["spec"]["template"]["metadata"]["annotations"]
        (main,) = deployment["spec"]["template"]["spec"]["containers"]
        assert annotations["prometheus.io/path"] == "/metrics"
        assert annotations["prometheus.io/port"] == str(main["ports"][0]["containerPort"])
        env = env_of(deployment)
        assert env["OTEL_SERVICE_NAME"] == deployment["metadata"]["name"]
        assert "OTEL_EXPORTER_OTLP_ENDPOINT" not in env  # nothing exported unless configured
    assert not [d for d in plain if d["kind"] == "ServiceMonitor"]

    sets = {
        "metrics.serviceMonitor.enabled": "true",
        "tracing.otlpEndpoint": COLLECTOR,
        "monitoringNamespaceSelector.matchLabels.name": "monitoring",
    }
    docs = render(helm, chart, **sets)
    (monitor,) = [d for d in docs if d["kind"] == "ServiceMonitor"]
    assert monitor["spec"]["endpoints"] == [  # type: ignore[index]
        {"port": "http", "path": "/metrics", "interval": "30s"}
    ]
    for doc in docs:
        if doc["kind"] != "ServiceMonitor":  # a CRD: not in the Kubernetes API schemas
            kubernetes_validate.validate(doc, KUBERNETES, strict=True)
        if doc["kind"] == "Deployment":
            assert env_of(dict(doc))["OTEL_EXPORTER_OTLP_ENDPOINT"] == COLLECTOR
    policies = [d for d in docs if d["kind"] == "NetworkPolicy" and "egress" in d["spec"]]  # type: ignore[operator]
    collector_ports = [
        rule
        for policy in policies
        for rule in policy["spec"]["egress"]  # type: ignore[index]
        if rule["ports"] == [{"port": 4318, "protocol": "TCP"}]
    ]
    assert len(collector_ports) == len([d for d in docs if d["kind"] == "Deployment"])
