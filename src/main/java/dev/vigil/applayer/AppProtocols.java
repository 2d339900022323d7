package dev.vigil.applayer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The protocols on the class path: each protocol package registers its {@link AppProtocol} in
 * {@code META-INF/services/dev.vigil.applayer.AppProtocol}, so that this class never names one.
 */
public final class AppProtocols {
    private AppProtocols() {}

    /** Every registered protocol but the disabled ones, in probing order. */
    public static List<AppProtocol> load(Set<String> disabled, Map<String, String> settings) {
        List<AppProtocol> all = new ArrayList<>();
        for (AppProtocol p : ServiceLoader.load(AppProtocol.class, AppProtocols.class.getClassLoader())) {
            if (!disabled.contains(p.name())) all.add(p.configure(settings));
        }
        all.sort(Comparator.comparingInt(AppProtocol::priority).thenComparing(AppProtocol::name));
        return List.copyOf(all);
    }
}
