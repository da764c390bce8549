package dev.netpolauditor.snapshot;

import dev.netpolauditor.model.ContainerPort;
import dev.netpolauditor.model.Protocol;
import java.util.ArrayList;
import java.util.List;

/** Reads what matters of a pod spec (a Pod's {@code spec} or a workload template's). */
final class PodSpecReader {
    private PodSpecReader() {}

    /** Ports of {@code containers[*].ports}; init containers serve no traffic, so are not read. */
    static List<ContainerPort> ports(Field podSpec) {
        List<ContainerPort> ports = new ArrayList<>();
        for (Field container : podSpec.get("containers").items()) {
            for (Field port : container.get("ports").items()) {
                ports.add(containerPort(port));
            }
        }
        return ports;
    }

    /** {@code serviceAccountName}, or null when not given (the pod then runs as {@code default}). */
    static String serviceAccount(Field podSpec) {
        String name = podSpec.get("serviceAccountName").string();
        return name == null || name.isEmpty() ? null : name;
    }

    static boolean hostNetwork(Field podSpec) {
        return podSpec.get("hostNetwork").bool(false);
    }

    /** {@code containers[*].image}, in order, where given. */
    static List<String> images(Field podSpec) {
        List<String> images = new ArrayList<>();
        for (Field container : podSpec.get("containers").items()) {
            String image = container.get("image").string();
            if (image != null && !image.isEmpty()) {
                images.add(image);
            }
        }
        return images;
    }

    private static ContainerPort containerPort(Field port) {
        Field nameField = port.get("name");
        String name = nameField.string();
        if (name != null && name.isEmpty()) {
            name = null; // an empty name is no name, as the API server treats it
        }
        if (name != null) {
            String problem = KubeNames.portNameProblem(name);
            if (problem != null) {
                throw nameField.invalid(problem);
            }
        }
        // Unlike the API server, accept an absent containerPort (np-guard's examples have a
        // misspelt `containerport`): it is port 0, which defines no port the engine resolves.
        Field number = port.get("containerPort");
        return new ContainerPort(name, number.absent() ? 0 : portNumber(number), protocol(port.get("protocol")));
    }

    /** A port number 1..65535 (also used for NetworkPolicy {@code port} and {@code endPort}). */
    static int portNumber(Field field) {
        long number = field.integer();
        if (number < 1 || number > 65535) {
            throw field.invalid("port " + Field.shorten(String.valueOf(field.value())) + " is outside 1..65535");
        }
        return (int) number;
    }

    /** TCP when absent; otherwise exactly TCP, UDP or SCTP. */
    static Protocol protocol(Field field) {
        String name = field.string();
        if (name == null) {
            return Protocol.TCP;
        }
        Protocol protocol = Protocol.byName(name);
        if (protocol == null) {
            throw field.invalid("unknown protocol " + Field.quote(name) + ", expected TCP, UDP or SCTP (upper case)");
        }
        return protocol;
    }
}
