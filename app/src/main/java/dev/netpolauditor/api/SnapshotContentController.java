package dev.netpolauditor.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netpolauditor.access.Role;
import dev.netpolauditor.analysis.AuditedFinding;
import dev.netpolauditor.analysis.FindingException;
import dev.netpolauditor.analysis.FindingRule;
import dev.netpolauditor.analysis.FindingRules;
import dev.netpolauditor.analysis.Severity;
import dev.netpolauditor.engine.CompiledCluster;
import dev.netpolauditor.engine.Endpoint;
import dev.netpolauditor.model.IpAddress;
import dev.netpolauditor.model.Protocol;
import dev.netpolauditor.report.EndpointNames;
import dev.netpolauditor.report.ExplanationJson;
import dev.netpolauditor.service.Page;
import dev.netpolauditor.service.Snapshot;
import dev.netpolauditor.service.SnapshotContents.ContentObject;
import dev.netpolauditor.service.SnapshotContents.FindingFilter;
import dev.netpolauditor.service.SnapshotContents.NamespacePair;
import dev.netpolauditor.service.SnapshotContents.ObjectFilter;
import dev.netpolauditor.service.SnapshotContents.ScopeCoverage;
import dev.netpolauditor.service.SnapshotContents.SnapshotFinding;
import dev.netpolauditor.service.SnapshotContents.TenantCell;
import dev.netpolauditor.service.SnapshotContents;
import dev.netpolauditor.service.SnapshotReads;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one complete snapshot holds. {@code {snapshot}} is an id or {@code latest} (with an
 * optional {@code at}); a failed attempt holds nothing and is answered with 409.
 */
@Controller("/api/v1/clusters/{cluster}/snapshots/{snapshot}")
@Secured(Role.VIEWER_NAME)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "snapshot content")
@ApiResponse(responseCode = "401", description = "No credentials, or a token that authenticates nobody",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "The caller's role does not allow this",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "400", description = "A parameter is invalid",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "404", description = "No such cluster or snapshot",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "409", description = "The snapshot is a failed attempt: it has no content",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
final class SnapshotContentController {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SCOPES = List.of("cluster", "namespace", "tenant");

    private final SnapshotContents contents;
    private final SnapshotLocator locator;
    private final SnapshotReads reads;

    SnapshotContentController(SnapshotContents contents, SnapshotLocator locator, SnapshotReads reads) {
        this.contents = contents;
        this.locator = locator;
        this.reads = reads;
    }

    /** A stored object: its identity and its canonical content, in Kubernetes' shape. */
    @Schema(name = "StoredObject")
    public record ObjectView(String kind,
            @Schema(description = "Null for the cluster-scoped kinds: Namespace and the cluster-tier policies")
            String namespace, String name, String uid,
            @Schema(description = "SHA-256 of the canonical JSON of content") String sha256,
            @Schema(description = "The object in canonical form (sorted keys, no source)") JsonNode content,
            @Schema(description = "For a Pod or workload: the endpoint it is or belongs to (a member pod: its top "
                    + "owner's, ns/name[Kind]); null for a terminated or host-network pod, a workload standing for "
                    + "nothing, and other kinds") String endpoint) {}

    /** A finding of the snapshot's analysis, with the tenant of its namespace. */
    @Schema(name = "Finding")
    public record FindingView(String rule, @Schema(allowableValues = {"high", "medium", "low", "info"}) String severity,
            String namespace, String tenant, String subject, String policy, String detail,
            @Schema(allowableValues = {"open", "excepted", "exception_expired"}) String status,
            @Schema(description = "The exception that decided the status (excepted, or expired), as the analysis'"
                    + " settings held it; null when none matched or the settings were not kept (analyses stored"
                    + " before 0.1)")
            @Nullable ExceptionView exception,
            @Schema(description = "The other exceptions that match the finding but did not decide it (an exceptions"
                    + " file's and one managed in the service may both match; the file's applies first)")
            List<ExceptionView> otherExceptions) {
        static FindingView of(SnapshotFinding f) {
            return new FindingView(f.rule(), f.severity(), f.namespace(), f.tenant(), f.subject(), f.policy(),
                    f.detail(), f.status(), f.exception() == null ? null : ExceptionView.of(f.exception()),
                    f.otherExceptions().stream().map(ExceptionView::of).toList());
        }
    }

    /** An exception as an analysis' settings held it. */
    @Schema(name = "AppliedException")
    public record ExceptionView(String rule, @Schema(description = "Subject pattern") String subject, String owner,
            String justification, @Schema(description = "ISO-8601 date") String expires,
            @Schema(allowableValues = {"file", "service"}, description = "The cluster's exceptions file, or managed"
                    + " in the service (GET /api/v1/exceptions/{id})") String source,
            @Schema(description = "The managed exception's id; null for the file's") @Nullable Long id,
            @Schema(description = "Who approved the managed exception; null for the file's") @Nullable
            String approvedBy,
            @Schema(description = "When it was approved (ISO-8601 instant); null for the file's") @Nullable
            String approvedAt,
            @Schema(description = "The managed exception's ticket reference") @Nullable String ticket) {
        static ExceptionView of(FindingException e) {
            return new ExceptionView(e.rule(), e.subjectPattern(), e.owner(), e.justification(),
                    e.expires().toString(), e.source(), e.managed() ? e.approval().id() : null,
                    e.managed() ? e.approval().approvedBy() : null,
                    e.managed() ? e.approval().approvedAt().toString() : null,
                    e.managed() ? e.approval().ticket() : null);
        }
    }

    /** The settings a snapshot's analysis was computed under. */
    @Schema(name = "AnalysisSettings")
    public record SettingsView(@Schema(description = "False for an analysis stored before settings were kept")
            boolean known,
            @Schema(description = "Tenant label, namespaces assigned and shared, allowed tenant pairs, the"
                    + " exceptions in force with owner, justification, expiry and whether it had expired (those"
                    + " managed in the service with their approval), the justifications when they were required, and"
                    + " the last periodic review when reviews were tracked; null when unknown")
            @Nullable Map<String, Object> settings) {}

    /** Coverage of one scope: cluster, namespace or tenant. */
    @Schema(name = "Coverage")
    public record CoverageView(String scopeKind, String scope, long endpoints, long ingressIsolated,
            long egressIsolated, long bothIsolated, Integer score) {
        static CoverageView of(ScopeCoverage c) {
            return new CoverageView(c.scopeKind(), c.scope(), c.endpoints(), c.ingressIsolated(), c.egressIsolated(),
                    c.bothIsolated(), c.score());
        }
    }

    /** A cell of the tenant matrix; port sets in their canonical text form. */
    @Schema(name = "TenantMatrixCell")
    public record MatrixCellView(String fromTenant, String toTenant, long endpointPairs, String ports,
            String exampleFrom, String exampleTo, String examplePorts, List<String> egressPolicies,
            List<String> ingressPolicies, boolean egressUnrestricted, boolean ingressUnrestricted,
            long namespacePairCount) {
        static MatrixCellView of(TenantCell c) {
            return new MatrixCellView(c.fromTenant(), c.toTenant(), c.endpointPairs(), c.ports(), c.exampleFrom(),
                    c.exampleTo(), c.examplePorts(), c.egressPolicies(), c.ingressPolicies(), c.egressUnrestricted(),
                    c.ingressUnrestricted(), c.namespacePairCount());
        }
    }

    /** The tenant matrix: cells per ordered tenant pair with any allowed connection, and who is which tenant. */
    @Schema(name = "Tenants")
    public record TenantsView(@Schema(description = "Tenant of each namespace that has one")
            Map<String, String> namespaceTenants, List<MatrixCellView> cells) {}

    @Get("/objects")
    @Operation(summary = "List the snapshot's objects",
            description = "Namespaces, pods, workloads, NetworkPolicies and cluster-tier policies (ClusterNetworkPolicy,"
                    + " AdminNetworkPolicy, BaselineAdminNetworkPolicy; cluster-scoped, no namespace), the network"
                    + " plugins' objects (Calico's as CalicoNetworkPolicy, GlobalNetworkPolicy, Tier, NetworkSet,"
                    + " GlobalNetworkSet, Staged*; Cilium's policies and cilium-config ConfigMap; ServiceAccounts) by kind,"
                    + " namespace and name, each with its canonical content as JSON.")
    Page<ObjectView> objects(@PathVariable String cluster,
            @Parameter(description = "Snapshot id, or 'latest'") @PathVariable String snapshot,
            @Parameter(description = "With 'latest': at or before this ISO-8601 instant")
            @Nullable @QueryValue("at") String at,
            @Parameter(description = "Object kind", schema = @Schema(allowableValues = {"Namespace", "Pod",
                    "NetworkPolicy", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController",
                    "Job", "CronJob", "ClusterNetworkPolicy", "AdminNetworkPolicy", "BaselineAdminNetworkPolicy",
                    "CalicoNetworkPolicy", "GlobalNetworkPolicy", "Tier", "NetworkSet", "GlobalNetworkSet",
                    "StagedNetworkPolicy", "StagedGlobalNetworkPolicy", "StagedKubernetesNetworkPolicy",
                    "CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy", "ServiceAccount", "ConfigMap"}))
            @Nullable @QueryValue("kind") String kind,
            @Parameter(description = "Namespace (exact)") @Nullable @QueryValue("namespace") String namespace,
            @Parameter(description = "Name (exact)") @Nullable @QueryValue("name") String name,
            @Parameter(description = "Page size (1-1000)", schema = @Schema(type = "integer", defaultValue = "50"))
            @Nullable @QueryValue("limit") String limit,
            @Parameter(description = "Items to skip", schema = @Schema(type = "integer", defaultValue = "0"))
            @Nullable @QueryValue("offset") String offset) {
        ObjectFilter filter = new ObjectFilter(Params.oneOf("kind", kind, SnapshotContents.KINDS),
                Params.optional(namespace), Params.optional(name));
        int size = Params.limit(limit);
        int skip = Params.offset(offset);
        Snapshot s = locator.complete(cluster, snapshot, at);
        return contents.objects(s, filter, size, skip).map(SnapshotContentController::view);
    }

    @Get("/findings")
    @Operation(summary = "List the snapshot's findings",
            description = "In the audit's order (rule, namespace, subject, policy), with exception status and the"
                    + " tenant of the finding's namespace.")
    Page<FindingView> findings(@PathVariable String cluster,
            @Parameter(description = "Snapshot id, or 'latest'") @PathVariable String snapshot,
            @Parameter(description = "With 'latest': at or before this ISO-8601 instant")
            @Nullable @QueryValue("at") String at,
            @Parameter(description = "Rule id, e.g. NP001") @Nullable @QueryValue("rule") String rule,
            @Parameter(description = "Severity", schema = @Schema(allowableValues = {"high", "medium", "low", "info"}))
            @Nullable @QueryValue("severity") String severity,
            @Parameter(description = "Namespace (exact)") @Nullable @QueryValue("namespace") String namespace,
            @Parameter(description = "Tenant of the finding's namespace") @Nullable @QueryValue("tenant") String tenant,
            @Parameter(description = "Exception status",
                    schema = @Schema(allowableValues = {"open", "excepted", "exception_expired"}))
            @Nullable @QueryValue("status") String status,
            @Parameter(description = "Page size (1-1000)", schema = @Schema(type = "integer", defaultValue = "50"))
            @Nullable @QueryValue("limit") String limit,
            @Parameter(description = "Items to skip", schema = @Schema(type = "integer", defaultValue = "0"))
            @Nullable @QueryValue("offset") String offset) {
        FindingFilter filter = new FindingFilter(rule(rule),
                Params.oneOf("severity", severity, Arrays.stream(Severity.values()).map(Severity::wireName).toList()),
                Params.optional(namespace), Params.optional(tenant),
                Params.oneOf("status", status,
                        Arrays.stream(AuditedFinding.Status.values()).map(AuditedFinding.Status::wireName).toList()));
        int size = Params.limit(limit);
        int skip = Params.offset(offset);
        Snapshot s = locator.complete(cluster, snapshot, at);
        return contents.findings(s, filter, size, skip).map(FindingView::of);
    }

    @Get("/settings")
    @Operation(summary = "Show the settings the snapshot was analysed under",
            description = "The tenancy, the exceptions, justifications and last review in force when the snapshot's"
                    + " analysis was computed, as stored with it: every answer about the snapshot uses these, never"
                    + " the files or the approvals as they are now.")
    SettingsView settings(@PathVariable String cluster,
            @Parameter(description = "Snapshot id, or 'latest'") @PathVariable String snapshot,
            @Parameter(description = "With 'latest': at or before this ISO-8601 instant")
            @Nullable @QueryValue("at") String at) {
        Snapshot s = locator.complete(cluster, snapshot, at);
        return contents.settings(s).map(settings -> new SettingsView(true, settings.document()))
                .orElse(new SettingsView(false, null));
    }

    @Get("/coverage")
    @Operation(summary = "Show the snapshot's isolation coverage",
            description = "Endpoints isolated for ingress, egress and both: the cluster, then each namespace, then"
                    + " each tenant.")
    List<CoverageView> coverage(@PathVariable String cluster,
            @Parameter(description = "Snapshot id, or 'latest'") @PathVariable String snapshot,
            @Parameter(description = "With 'latest': at or before this ISO-8601 instant")
            @Nullable @QueryValue("at") String at,
            @Parameter(description = "Only this kind of scope",
                    schema = @Schema(allowableValues = {"cluster", "namespace", "tenant"}))
            @Nullable @QueryValue("scope") String scope) {
        String kind = Params.oneOf("scope", scope, SCOPES);
        return contents.coverage(locator.complete(cluster, snapshot, at), kind).stream().map(CoverageView::of)
                .toList();
    }

    @Get("/tenants")
    @Operation(summary = "Show the snapshot's tenant matrix",
            description = "One cell per ordered tenant pair with any allowed connection (ports, an example, the"
                    + " policies involved, how many namespace pairs), and the tenant of each namespace. The"
                    + " namespace pairs of one cell: GET .../tenants/{from}/{to}.")
    TenantsView tenants(@PathVariable String cluster,
            @Parameter(description = "Snapshot id, or 'latest'") @PathVariable String snapshot,
            @Parameter(description = "With 'latest': at or before this ISO-8601 instant")
            @Nullable @QueryValue("at") String at,
            @Parameter(description = "Only cells from this tenant") @Nullable @QueryValue("from") String from,
            @Parameter(description = "Only cells to this tenant") @Nullable @QueryValue("to") String to) {
        Snapshot s = locator.complete(cluster, snapshot, at);
        return new TenantsView(contents.namespaceTenants(s), contents.tenantCells(s, Params.optional(from),
                Params.optional(to)).stream().map(MatrixCellView::of).toList());
    }

    /** One cell of the tenant matrix with its namespace pairs. */
    @Schema(name = "TenantCell")
    public record TenantCellView(MatrixCellView cell,
            @Schema(description = "Connections by destination namespace, then source namespace")
            List<NamespacePairView> namespacePairs) {}

    /** Connections from one namespace to another within a tenant-matrix cell; ports in canonical text. */
    @Schema(name = "NamespacePair")
    public record NamespacePairView(String from, String to, long endpointPairs, String ports) {
        static NamespacePairView of(NamespacePair p) {
            return new NamespacePairView(p.from(), p.to(), p.endpointPairs(), p.ports());
        }
    }

    @Get("/tenants/{from}/{to}")
    @Operation(summary = "Show one cell of the snapshot's tenant matrix with its namespace pairs",
            description = "Connections from tenant 'from' to tenant 'to' (the same tenant for the diagonal), broken"
                    + " down by namespace pair: endpoint pairs and allowed ports of each. 404 when the cell has no"
                    + " connection.")
    TenantCellView tenantCell(@PathVariable String cluster,
            @Parameter(description = "Snapshot id, or 'latest'") @PathVariable String snapshot,
            @Parameter(description = "Source tenant") @PathVariable String from,
            @Parameter(description = "Destination tenant") @PathVariable String to,
            @Parameter(description = "With 'latest': at or before this ISO-8601 instant")
            @Nullable @QueryValue("at") String at) {
        Snapshot s = locator.complete(cluster, snapshot, at);
        List<TenantCell> cells = contents.tenantCells(s, from, to);
        if (cells.isEmpty()) {
            Set<String> tenants = new TreeSet<>(contents.namespaceTenants(s).values());
            for (String tenant : List.of(from, to)) {
                if (!tenants.contains(tenant)) {
                    throw ApiProblem.notFound("tenant", "snapshot " + s.id() + " has no tenant '" + tenant
                            + "'; its tenants are " + (tenants.isEmpty() ? "none" : String.join(", ", tenants)));
                }
            }
            throw ApiProblem.notFound("tenant-cell", "snapshot " + s.id() + " has no connection from tenant '"
                    + from + "' to tenant '" + to + "'");
        }
        return new TenantCellView(MatrixCellView.of(cells.getFirst()), contents.namespacePairs(s, from, to).stream()
                .map(NamespacePairView::of).toList());
    }

    @Get("/connectivity")
    @Operation(summary = "Explain whether one endpoint may connect to another",
            description = "The same answer as 'explain --format json': the allowed ports, with a port the verdict,"
                    + " and each side's isolating policies and the rules admitting the connection.")
    @ApiResponse(responseCode = "200", description = "The explanation",
            content = @Content(mediaType = "application/json", schema = @Schema(type = "object",
                    description = "from, to, allowed (port set), [protocol, port, verdict: allowed|refused],"
                            + " egress and ingress: {applicable, isolated, isolatingPolicies, rules, allowed}")))
    ObjectNode connectivity(@PathVariable String cluster,
            @Parameter(description = "Snapshot id, or 'latest'") @PathVariable String snapshot,
            @Parameter(description = "With 'latest': at or before this ISO-8601 instant")
            @Nullable @QueryValue("at") String at,
            @Parameter(description = "Source: ns/name (pod), ns/name[Kind] (workload) or ip:ADDR", required = true)
            @Nullable @QueryValue("from") String from,
            @Parameter(description = "Destination: ns/name, ns/name[Kind] or ip:ADDR", required = true)
            @Nullable @QueryValue("to") String to,
            @Parameter(description = "One port (1-65535); without it, all ports are explained",
                    schema = @Schema(type = "integer"))
            @Nullable @QueryValue("port") String port,
            @Parameter(description = "Protocol of port", schema = @Schema(allowableValues = {"TCP", "UDP", "SCTP"},
                    defaultValue = "TCP"))
            @Nullable @QueryValue("protocol") String protocol) {
        String fromName = Params.required("from", from, "the source endpoint (ns/name, ns/name[Kind] or ip:ADDR)");
        String toName = Params.required("to", to, "the destination endpoint (ns/name, ns/name[Kind] or ip:ADDR)");
        Integer onPort = Params.port(port);
        Protocol proto = Params.protocol(protocol);
        Snapshot s = locator.complete(cluster, snapshot, at);
        CompiledCluster compiledCluster = reads.compiled(s);
        Endpoint source = endpoint(compiledCluster, "from", fromName, s);
        Endpoint target = endpoint(compiledCluster, "to", toName, s);
        if (source.name().equals(target.name())) {
            throw ApiProblem.badParameter("from and to name the same endpoint; a pod to itself is not part of the"
                    + " model");
        }
        if (source instanceof Endpoint.Ip && target instanceof Endpoint.Ip) {
            throw ApiProblem.badParameter("from and to are both IP addresses; at least one must be a pod or workload");
        }
        return ExplanationJson.tree(compiledCluster.explain(source, target), proto, onPort);
    }

    private static Endpoint endpoint(CompiledCluster cluster, String param, String name, Snapshot s) {
        if (name.startsWith("ip:")) {
            try {
                return new Endpoint.Ip(IpAddress.parse(name.substring(3)));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badParameter(param + "=" + name + ": not an IP address");
            }
        }
        return cluster.endpoint(name).orElseThrow(() -> ApiProblem.notFound("endpoint", param + "=" + name
                + ": snapshot " + s.id() + " has no such endpoint. Endpoints are named ns/name for pods and"
                + " ns/name[Kind] for workloads" + EndpointNames.suggestion(cluster, name)));
    }

    private static String rule(String value) {
        String rule = Params.optional(value);
        if (rule != null && FindingRules.byId(rule).isEmpty()) {
            throw ApiProblem.badParameter("rule=" + value + ": no such rule; the rules are "
                    + String.join(", ", FindingRules.ALL.stream().map(FindingRule::id).toList()));
        }
        return rule;
    }

    private static ObjectView view(ContentObject o) {
        try {
            return new ObjectView(o.kind(), o.namespace(), o.name(), o.uid(), o.sha256(), JSON.readTree(o.json()),
                    o.endpoint());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored object " + o.sha256() + " is not JSON", e);
        }
    }
}
