package org.rp.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.rp.api.admin.Preflight;
import org.rp.api.admin.Preflight.Result;
import org.rp.api.admin.Preflight.Status;

@Service
@Command(scope = "rp", name = "check", description = "Pre-flight checks, one PASS, WARN or FAIL line each:"
        + " configurations applied, listeners bound, rule names resolving (to public.address of etc/rp.check.cfg when"
        + " set), certificates valid, trusted and covering the names their listeners serve, targets reachable (TCP"
        + " connect, TLS handshake when rp speaks TLS to them). Fails, after printing every line, when a check fails.")
public class RunChecks implements Action {
    @Reference
    Preflight preflight;

    @Override
    public Object execute() throws CommandException {
        List<Result> results = preflight.run();
        for (Result result : results) {
            System.out.printf("%-4s  %-11s  %s: %s%n", result.status(), result.check(), result.subject(), result.detail());
        }
        long warned = results.stream().filter(r -> r.status() == Status.WARN).count();
        long failed = results.stream().filter(r -> r.status() == Status.FAIL).count();
        String summary = results.size() + " checks: " + (results.size() - warned - failed) + " passed, " + warned
                + " warned, " + failed + " failed";
        if (failed > 0) {
            // scripts see a failed command
            throw new CommandException(summary);
        }
        System.out.println(summary);
        return null;
    }
}
