package dev.netpolauditor.analysis;

/** Controls of compliance frameworks that findings give evidence for. */
public enum Control {
    CIS_K8S_5_3_2("CIS Kubernetes 5.3.2", "Ensure that all Namespaces have NetworkPolicies defined"),
    NSA_CISA("NSA/CISA Kubernetes Hardening Guide", "Network separation and hardening: default-deny policies"),
    PCI_DSS_1_2_5("PCI DSS v4.0 1.2.5", "All services, protocols and ports allowed are identified, approved and have a defined business need"),
    /** Judged on the periodic reviews, not on findings: only when reviews are tracked ({@link ReviewTracking}). */
    PCI_DSS_1_2_7("PCI DSS v4.0 1.2.7", "Configurations of network security controls are reviewed at least once every six months"),
    PCI_DSS_1_3("PCI DSS v4.0 1.3", "Network access to and from the cardholder data environment is restricted"),
    PCI_DSS_1_4("PCI DSS v4.0 1.4", "Network connections between trusted and untrusted networks are controlled"),
    ISO_27001_A_8_22("ISO/IEC 27001:2022 A.8.22", "Segregation of networks"),
    SOC2_CC6_6("SOC 2 CC6.6", "Logical access security measures against threats from outside system boundaries"),
    NIST_800_53_SC_7("NIST SP 800-53 SC-7", "Boundary protection");

    private final String title;
    private final String requirement;

    Control(String title, String requirement) {
        this.title = title;
        this.requirement = requirement;
    }

    public String title() {
        return title;
    }

    public String requirement() {
        return requirement;
    }
}
