package dev.netpolauditor.model.calico;

import dev.netpolauditor.model.calico.CalicoSelector.All;
import dev.netpolauditor.model.calico.CalicoSelector.And;
import dev.netpolauditor.model.calico.CalicoSelector.Comparison;
import dev.netpolauditor.model.calico.CalicoSelector.Global;
import dev.netpolauditor.model.calico.CalicoSelector.Has;
import dev.netpolauditor.model.calico.CalicoSelector.Not;
import dev.netpolauditor.model.calico.CalicoSelector.Or;
import dev.netpolauditor.model.calico.CalicoSelector.SetMembership;
import java.util.List;
import java.util.function.Predicate;

/**
 * The canonical text of a selector. Parentheses only where the parse would otherwise differ:
 * around an {@code ||} inside {@code &&} or {@code !}, around an {@code &&} inside {@code !},
 * and around an {@code &&} inside {@code &&} (or {@code ||} inside {@code ||}), which keeps
 * the nesting the value has. {@code !} prints right before its term, as Calico does
 * ({@code !a == 'x'} negates the whole comparison).
 */
final class SelectorPrinter {
    private SelectorPrinter() {
    }

    static void print(CalicoSelector selector, StringBuilder out) {
        switch (selector) {
            case All a -> out.append("all()");
            case Global g -> out.append("global()");
            case Has h -> out.append("has(").append(h.key()).append(')');
            case Comparison c -> out.append(c.key()).append(' ').append(c.operator().text()).append(' ')
                    .append(SelectorText.quote(c.value()));
            case SetMembership m -> {
                out.append(m.key()).append(' ').append(m.operator().text()).append(" {");
                String separator = "";
                for (String v : m.values()) {
                    out.append(separator).append(SelectorText.quote(v));
                    separator = ", ";
                }
                out.append('}');
            }
            case Not n -> {
                out.append('!');
                printInside(n.inner(), n.inner() instanceof And || n.inner() instanceof Or, out);
            }
            case And a -> join(a.terms(), " && ", out, t -> t instanceof And || t instanceof Or);
            case Or o -> join(o.terms(), " || ", out, t -> t instanceof Or);
        }
    }

    private static void join(List<CalicoSelector> terms, String operator, StringBuilder out,
            Predicate<CalicoSelector> needsParentheses) {
        String separator = "";
        for (CalicoSelector t : terms) {
            out.append(separator);
            printInside(t, needsParentheses.test(t), out);
            separator = operator;
        }
    }

    private static void printInside(CalicoSelector inner, boolean parenthesised, StringBuilder out) {
        if (parenthesised) {
            out.append('(');
        }
        print(inner, out);
        if (parenthesised) {
            out.append(')');
        }
    }
}
