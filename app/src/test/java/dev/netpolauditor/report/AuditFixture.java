package dev.netpolauditor.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small multi-tenant cluster for audit tests (the golden text report here, the command's
 * end-to-end tests in {@code cli}).
 *
 * <ul>
 *   <li>{@code shop-a}, {@code shop-b}: tenant {@code retail} by label. {@code shop-a/web} has no
 *       policy at all; {@code shop-b} denies all ingress.
 *   <li>{@code ledger}: tenant {@code finance}. Its database accepts the {@code retail}
 *       namespaces on TCP 5432 and may only reach {@code kube-system} on UDP 53.
 *   <li>{@code kube-system}: labelled tenant {@code platform} (a tenants file would rather make
 *       it shared); {@code coredns} is not isolated.
 * </ul>
 * Cross-tenant flows by label: retail -> finance (TCP 5432), retail -> platform and
 * platform -> retail (everything), and finance -> platform (UDP 53).
 */
public final class AuditFixture {
    private AuditFixture() {}

    public static final String NAMESPACES = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: shop-a, labels: {tenant: retail}}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: shop-b, labels: {tenant: retail}}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: ledger, labels: {tenant: finance}}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: kube-system, labels: {tenant: platform}}
            """;

    public static final String PODS = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: shop-a, labels: {app: web}}
            spec:
              containers:
              - name: web
                ports: [{name: http, containerPort: 8080}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: cart, namespace: shop-b, labels: {app: cart}}
            spec:
              containers:
              - name: cart
                ports: [{name: http, containerPort: 8080}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: books, namespace: ledger, labels: {app: books}}
            spec:
              containers:
              - name: postgres
                ports: [{name: pg, containerPort: 5432}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: coredns, namespace: kube-system, labels: {app: dns}}
            spec:
              containers:
              - name: coredns
                ports: [{name: dns, containerPort: 53, protocol: UDP}]
            """;

    public static final String POLICIES = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: books-from-retail, namespace: ledger}
            spec:
              podSelector: {}
              policyTypes: [Ingress, Egress]
              ingress:
              - from:
                - namespaceSelector: {matchLabels: {tenant: retail}}
                ports: [{protocol: TCP, port: 5432}]
              egress:
              - to:
                - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
                ports: [{protocol: UDP, port: 53}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: default-deny-ingress, namespace: shop-b}
            spec:
              podSelector: {}
              policyTypes: [Ingress]
            """;

    /** Writes the cluster's manifests into {@code dir} and returns it. */
    public static Path writeCluster(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("namespaces.yaml"), NAMESPACES);
        Files.writeString(dir.resolve("pods.yaml"), PODS);
        Files.writeString(dir.resolve("policies.yaml"), POLICIES);
        return dir;
    }
}
