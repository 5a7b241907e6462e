# A complete production service, the Python twin of examples/production-service.ts: a hardened
# namespace, an API behind an autoscaler, a storefront released blue/green from its release
# file, and monitoring, alerts and a dashboard. CI checks both synthesize the same YAML.
import os

from cdk8s import App, Chart
from cdk8s_zero_downtime import (
    AutoscaledWorkload,
    AutoscalingOptions,
    BlueGreenService,
    EnvironmentProfile,
    GatewayDeployment,
    GoldenSignals,
    HardenedNamespace,
    ReleaseState,
    ScalingMetric,
    WorkloadObservability,
)

HERE = os.path.dirname(os.path.abspath(__file__))

app = App()
chart = Chart(app, "shop", namespace="shop")
profile = EnvironmentProfile.production()

HardenedNamespace(chart, "Namespace", name="shop")
api = GatewayDeployment(chart, "Api", name="api", image="ghcr.io/acme/api:1.4.2-0a1b2c3", profile=profile, port=8080)
AutoscaledWorkload(chart, "ApiScaling", target=api, metrics=[ScalingMetric.cpu_utilization(70)])

storefront = BlueGreenService(
    chart,
    "Storefront",
    name="storefront",
    profile=profile,
    release=ReleaseState.from_file(os.path.join(HERE, "..", "release", "production.json")),
    autoscaling=AutoscalingOptions(metrics=[ScalingMetric.cpu_utilization(65)]),
)
WorkloadObservability(
    chart,
    "StorefrontObservability",
    target=storefront,
    signals=GoldenSignals(
        requests_metric="http_requests_total",
        failed_requests_metric="http_requests_failed_total",
        duration_histogram="http_request_duration_seconds",
    ),
    runbook_base_url="https://runbooks.example.com/storefront",
)
app.synth()
