package dev.netpolauditor.service;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.util.List;

/**
 * One entry under {@code netpol-auditor.clusters.<name>} in the configuration: exactly one of
 * {@code kubeconfig}, {@code in-cluster: true} or {@code manifests}, plus an optional schedule
 * and analysis settings.
 */
@EachProperty("netpol-auditor.clusters")
public final class ClusterProperties {
    private final String name;
    private String kubeconfig;
    private String context;
    private boolean inCluster;
    private String manifests;
    private String schedule;
    private String tenantLabel;
    private String tenantsFile;
    private String exceptionsFile;
    private List<String> networkPlugin = List.of();

    public ClusterProperties(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public String getKubeconfig() {
        return kubeconfig;
    }

    public void setKubeconfig(String kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    public String getContext() {
        return context;
    }

    public void setContext(String context) {
        this.context = context;
    }

    public boolean isInCluster() {
        return inCluster;
    }

    public void setInCluster(boolean inCluster) {
        this.inCluster = inCluster;
    }

    public String getManifests() {
        return manifests;
    }

    public void setManifests(String manifests) {
        this.manifests = manifests;
    }

    public String getSchedule() {
        return schedule;
    }

    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    public String getTenantLabel() {
        return tenantLabel;
    }

    public void setTenantLabel(String tenantLabel) {
        this.tenantLabel = tenantLabel;
    }

    public String getTenantsFile() {
        return tenantsFile;
    }

    public void setTenantsFile(String tenantsFile) {
        this.tenantsFile = tenantsFile;
    }

    public String getExceptionsFile() {
        return exceptionsFile;
    }

    public void setExceptionsFile(String exceptionsFile) {
        this.exceptionsFile = exceptionsFile;
    }

    /** {@code network-plugin}: the plugins that run the cluster (calico, cilium), when its DaemonSets cannot show them. */
    public List<String> getNetworkPlugin() {
        return networkPlugin;
    }

    public void setNetworkPlugin(List<String> networkPlugin) {
        this.networkPlugin = networkPlugin == null ? List.of() : List.copyOf(networkPlugin);
    }
}
