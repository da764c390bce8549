package dev.netpolauditor.console;

/**
 * A small multi-tenant cluster for the console's tests: tenants retail (shop) and finance
 * (bank), bank's ledger admitting any namespace; AFTER adds a policy that opens shop's web to
 * anyone, so the two snapshots differ by one object and its flows.
 */
final class ShopCluster {
    static final String BEFORE = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: shop, labels: {tenant: retail}}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: bank, labels: {tenant: finance}}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 80, name: http}]}]}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: ledger, namespace: bank}
            spec:
              selector: {matchLabels: {app: ledger}}
              template:
                metadata: {labels: {app: ledger}}
                spec: {containers: [{name: c, image: ledger, ports: [{containerPort: 8443}]}]}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: ledger-from-shop, namespace: bank}
            spec:
              podSelector: {matchLabels: {app: ledger}}
              ingress:
              - from:
                - namespaceSelector: {matchLabels: {tenant: retail}}
                ports:
                - {port: 8443}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: default-deny, namespace: shop}
            spec:
              podSelector: {}
              policyTypes: [Ingress]
            """;

    static final String AFTER = BEFORE + """
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: allow-web-from-anywhere, namespace: shop}
            spec:
              podSelector: {matchLabels: {app: web}}
              ingress:
              - ports:
                - {port: http}
            """;

    private ShopCluster() {}
}
