"""The Helm chart renders, offline, to manifests that the Kubernetes API schemas accept (strict:
no unknown fields), and that keep the promises deploy/README.md makes: one Deployment per
process running a command the image has, probes, requests, non-root with a read-only root
filesystem, the migrations Job before each upgrade, HPAs for the HTTP services only, a PDB for
each, NetworkPolicies that let only HTTP services be reached and only notifications reach the
internet, and Secrets referenced, never created."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest

from tests.helpers.deploy_helm import helm_binary, lint, render
from tests.helpers.deploy_image import COMMANDS

KUBERNETES = "1.30.0"
HTTP = {"gateway", "directory"}
PROCESSES = {"gateway", "directory", "router", "notifications", "matching-refresh"}
IMAGE_COMMANDS = [command for command, _ in COMMANDS.values()] + [["kith-web"]]
REFERENCED_SECRETS = {"kith-neo4j", "kith-data-keys", "kith-nats-creds"}
Manifest = dict[str, Any]


@pytest.fixture(scope="module")
def helm(repo_root: Path) -> Path:
    return helm_binary(repo_root)


@pytest.fixture(scope="module")
def chart(repo_root: Path) -> Path:
    return repo_root / "deploy" / "helm" / "kith"


def of_kind(docs: list[Manifest], kind: str) -> dict[str, Manifest]:
    return {d["metadata"]["name"].removeprefix("kith-"): d for d in docs if d["kind"] == kind}


def container(doc: Manifest) -> Manifest:
    (only,) = doc["spec"]["template"]["spec"]["containers"]
    return dict(only)


@pytest.mark.parametrize("values", [[], ["values-aura.yaml"], ["values-neo4j-cluster.yaml"]])
def test_the_chart_lints_and_every_manifest_matches_the_api_schema(
    helm: Path, chart: Path, values: list[str]
) -> None:
    files = [chart / name for name in values]
    linted = lint(helm, chart, *files)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    docs = render(helm, chart, *files, **{"processes.web.enabled": "true"})
    for doc in docs:
        kubernetes_validate.validate(doc, KUBERNETES, strict=True)
    assert not [d for d in docs if d["kind"] == "Secret"]


def test_a_deployment_per_process_with_probes_requests_and_a_locked_down_container(
    helm: Path, chart: Path
) -> None:
    docs = render(helm, chart)
    deployments = of_kind(docs, "Deployment")
    assert set(deployments) == PROCESSES
    for name, deployment in deployments.items():
        main = container(deployment)
        assert main["command"] in IMAGE_COMMANDS, name
        assert main["livenessProbe"]["httpGet"]["path"] == "/healthz"
        assert main["readinessProbe"]["httpGet"]["path"] == "/readyz"
        assert set(main["resources"]["requests"]) == {"cpu", "memory"}
        assert main["securityContext"]["readOnlyRootFilesystem"] is True
        assert main["securityContext"]["allowPrivilegeEscalation"] is False
        assert deployment["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
        secrets = {e["valueFrom"]["secretKeyRef"]["name"] for e in main["env"] if "valueFrom" in e}
        assert secrets <= REFERENCED_SECRETS
    assert set(of_kind(docs, "PodDisruptionBudget")) == PROCESSES
    assert set(of_kind(docs, "HorizontalPodAutoscaler")) == HTTP
    web = of_kind(render(helm, chart, **{"processes.web.enabled": "true"}), "Deployment")
    assert container(web["web"])["command"] == ["kith-web"]


def test_migrations_run_as_a_hook_before_install_and_upgrade(helm: Path, chart: Path) -> None:
    job = of_kind(render(helm, chart), "Job")["migrations"]
    hooks = job["metadata"]["annotations"]["helm.sh/hook"].split(",")
    assert set(hooks) == {"pre-install", "pre-upgrade"}
    assert container(job)["command"] == ["kith-migrate"]
    assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"


def internet_rules(policy: Manifest) -> list[Manifest]:
    return [
        rule
        for rule in policy["spec"].get("egress", [])
        for peer in rule["to"]
        if peer.get("ipBlock", {}).get("cidr") == "0.0.0.0/0"
    ]


def test_only_http_services_take_ingress_and_only_notifications_reach_the_internet(
    helm: Path, chart: Path
) -> None:
    cluster = chart / "values-neo4j-cluster.yaml"
    policies = of_kind(render(helm, chart, cluster), "NetworkPolicy")
    assert policies["default-deny"]["spec"]["policyTypes"] == ["Ingress", "Egress"]
    assert set(policies) == {*PROCESSES, "default-deny", "migrations"}
    reachable = {name for name, p in policies.items() if p["spec"].get("ingress")}
    assert reachable == HTTP
    assert {name for name, p in policies.items() if internet_rules(p)} == {"notifications"}
    # With Aura, every process also reaches public addresses, but only on Bolt's port.
    aura = of_kind(render(helm, chart, chart / "values-aura.yaml"), "NetworkPolicy")
    for name, policy in aura.items():
        ports = {p["port"] for rule in internet_rules(policy) for p in rule["ports"]}
        assert ports <= ({7687, 443, 587} if name == "notifications" else {7687}), name
