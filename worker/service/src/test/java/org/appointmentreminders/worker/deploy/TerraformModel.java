package org.appointmentreminders.worker.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Terraform configuration under deploy/terraform, read through python-hcl2 (deploy/terraform/tools/hcl2json), with
 * a small evaluator for the expressions a consistency test needs: string literals and templates, and references to
 * variables (module arguments, terraform.tfvars, defaults), locals, module outputs, {@code each.key},
 * {@code path.module} and resource attributes written in the configuration. Anything else (function calls,
 * attributes AWS computes such as a queue's URL) evaluates to a symbolic value {@code «<module dir>:<expression>»},
 * so that wiring can still be compared: the worker's queue URL must be {@code «modules/queue:aws_sqs_queue.main.url»}.
 *
 * <p>python-hcl2 keeps the source form of values: a string literal comes back with its quotes, any other expression
 * as {@code ${expression}}, blocks as lists of objects marked {@code __is_block__}, block labels quoted.
 */
final class TerraformModel {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TRAVERSAL = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)+");
    private static final Pattern TOSTRING = Pattern.compile("tostring\\((" + TRAVERSAL.pattern() + ")\\)");

    final Path repositoryRoot;
    final Path terraformDir;
    private final Map<String, Directory> directories = new TreeMap<>();

    private TerraformModel(Path repositoryRoot, JsonNode parsed) {
        this.repositoryRoot = repositoryRoot;
        this.terraformDir = repositoryRoot.resolve("deploy/terraform");
        Iterator<Map.Entry<String, JsonNode>> files = parsed.get("files").fields();
        while (files.hasNext()) {
            Map.Entry<String, JsonNode> file = files.next();
            String relative = file.getKey();
            int slash = relative.lastIndexOf('/');
            String dir = slash < 0 ? "" : relative.substring(0, slash);
            directories.computeIfAbsent(dir, Directory::new).add(relative.substring(slash + 1), file.getValue());
        }
    }

    /** Walks up from the working directory to the repository root: the directory that holds deploy/terraform. */
    static Path findRepositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("deploy/terraform"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no deploy/terraform above " + Path.of("").toAbsolutePath());
    }

    /** Parses deploy/terraform with the project's hcl2json tool (which installs its parser on first use). */
    static TerraformModel load(Path repositoryRoot) {
        Path tool = repositoryRoot.resolve("deploy/terraform/tools/hcl2json");
        try {
            Path out = Files.createTempFile("terraform-hcl", ".json");
            Path err = Files.createTempFile("terraform-hcl", ".log");
            try {
                Process process = new ProcessBuilder("bash", tool.toString())
                        .directory(repositoryRoot.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!process.waitFor(10, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(tool + " did not finish in 10 minutes");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(tool + " failed (exit " + process.exitValue() + "):\n"
                            + Files.readString(err, StandardCharsets.UTF_8));
                }
                return new TerraformModel(repositoryRoot, JSON.readTree(out.toFile()));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Directory directory(String dir) {
        Directory directory = directories.get(dir);
        if (directory == null) {
            throw new AssertionError("no Terraform files in deploy/terraform/" + dir);
        }
        return directory;
    }

    /** The root module of an environment, deploy/terraform/envs/&lt;env&gt;, with its terraform.tfvars. */
    Instance environment(String env) {
        Directory dir = directory("envs/" + env);
        return new Instance(dir, null, null, dir.file("terraform.tfvars"));
    }

    // -----------------------------------------------------------------------------------------------------------------

    /** The files of one directory, merged as Terraform merges them. */
    static final class Directory {
        final String path;
        final Map<String, JsonNode> files = new TreeMap<>();
        final Map<String, ObjectNode> resources = new LinkedHashMap<>();
        final Map<String, ObjectNode> data = new LinkedHashMap<>();
        final Map<String, ObjectNode> modules = new LinkedHashMap<>();
        final Map<String, ObjectNode> variables = new LinkedHashMap<>();
        final Map<String, ObjectNode> outputs = new LinkedHashMap<>();
        final Map<String, JsonNode> locals = new LinkedHashMap<>();

        Directory(String path) {
            this.path = path;
        }

        void add(String name, JsonNode content) {
            files.put(name, content);
            twoLabels(content, "resource", resources);
            twoLabels(content, "data", data);
            oneLabel(content, "module", modules);
            oneLabel(content, "variable", variables);
            oneLabel(content, "output", outputs);
            for (JsonNode block : content.path("locals")) {
                block.fields().forEachRemaining(entry -> {
                    if (!entry.getKey().startsWith("__")) {
                        locals.put(entry.getKey(), entry.getValue());
                    }
                });
            }
        }

        JsonNode file(String name) {
            JsonNode file = files.get(name);
            if (file == null) {
                throw new AssertionError("no deploy/terraform/" + path + "/" + name);
            }
            return file;
        }

        ObjectNode resource(String type, String name) {
            ObjectNode body = resources.get(type + "." + name);
            if (body == null) {
                throw new AssertionError("no resource " + type + "." + name + " in deploy/terraform/" + path);
            }
            return body;
        }

        List<ObjectNode> resourcesOfType(String type) {
            List<ObjectNode> result = new ArrayList<>();
            resources.forEach((key, body) -> {
                if (key.startsWith(type + ".")) {
                    result.add(body);
                }
            });
            return result;
        }

        private static void oneLabel(JsonNode content, String kind, Map<String, ObjectNode> into) {
            for (JsonNode entry : content.path(kind)) {
                entry.fields().forEachRemaining(labelled -> into.put(unquote(labelled.getKey()),
                        (ObjectNode) labelled.getValue()));
            }
        }

        private static void twoLabels(JsonNode content, String kind, Map<String, ObjectNode> into) {
            for (JsonNode entry : content.path(kind)) {
                entry.fields().forEachRemaining(byType -> byType.getValue().fields().forEachRemaining(byName ->
                        into.put(unquote(byType.getKey()) + "." + unquote(byName.getKey()),
                                (ObjectNode) byName.getValue())));
            }
        }
    }

    /** A module as instantiated: its directory, the block that calls it and the caller, or the tfvars of a root. */
    final class Instance {
        final Directory dir;
        final Instance parent;
        final ObjectNode call;
        final JsonNode tfvars;

        Instance(Directory dir, Instance parent, ObjectNode call, JsonNode tfvars) {
            this.dir = dir;
            this.parent = parent;
            this.call = call;
            this.tfvars = tfvars;
        }

        /** The module called {@code name} from here. */
        Instance module(String name) {
            ObjectNode call = dir.modules.get(name);
            if (call == null) {
                throw new AssertionError("no module \"" + name + "\" in deploy/terraform/" + dir.path);
            }
            String source = unquote(call.path("source").asText());
            String target = Path.of(dir.path).resolve(source).normalize().toString().replace('\\', '/');
            return new Instance(directory(target), this, call, null);
        }

        Value eval(JsonNode node) {
            return eval(node, null);
        }

        /** Evaluates a value of this module; {@code eachKey} stands for each.key inside a for_each resource. */
        Value eval(JsonNode node, String eachKey) {
            if (node == null || node.isMissingNode() || node.isNull()) {
                return Value.unknown("«" + dir.path + ":null»");
            }
            if (node.isNumber() || node.isBoolean()) {
                return Value.known(node.asText());
            }
            if (!node.isTextual()) {
                return Value.unknown("«" + dir.path + ":" + node + "»");
            }
            String text = node.asText();
            if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
                return template(text.substring(1, text.length() - 1), eachKey);
            }
            if (text.startsWith("${") && text.endsWith("}") && closingBrace(text, 2) == text.length() - 1) {
                return expression(text.substring(2, text.length() - 1), eachKey);
            }
            return Value.known(text);
        }

        /** A list value: a list literal, or a reference to one. */
        List<Value> evalList(JsonNode node) {
            if (node.isArray()) {
                List<Value> values = new ArrayList<>();
                node.forEach(element -> values.add(eval(element)));
                return values;
            }
            String text = node.asText();
            if (text.startsWith("${") && text.endsWith("}")) {
                String inner = text.substring(2, text.length() - 1).trim();
                if (TRAVERSAL.matcher(inner).matches()) {
                    Optional<Bound> bound = dereference(inner, null);
                    if (bound.isPresent()) {
                        return bound.get().instance.evalList(bound.get().node);
                    }
                }
            }
            throw new AssertionError("deploy/terraform/" + dir.path + ": not a list this test can read: " + text);
        }

        /** The definition behind a reference such as local.name, var.environment or module.queue.queue_url. */
        JsonNode definition(String reference) {
            return dereference(reference, null).map(Bound::node).orElseThrow(() ->
                    new AssertionError("deploy/terraform/" + dir.path + ": cannot resolve " + reference));
        }

        Instance definingInstance(String reference) {
            return dereference(reference, null).map(Bound::instance).orElseThrow(() ->
                    new AssertionError("deploy/terraform/" + dir.path + ": cannot resolve " + reference));
        }

        private Value template(String body, String eachKey) {
            StringBuilder text = new StringBuilder();
            StringBuilder literal = new StringBuilder();
            boolean known = true;
            int i = 0;
            while (i < body.length()) {
                if (body.startsWith("$${", i)) {
                    literal.append("${");
                    i += 3;
                } else if (body.startsWith("${", i)) {
                    int close = closingBrace(body, i + 2);
                    if (close < 0) {
                        return Value.unknown("«" + dir.path + ":\"" + body + "\"»");
                    }
                    text.append(unescape(literal));
                    literal.setLength(0);
                    Value part = expression(body.substring(i + 2, close), eachKey);
                    known &= part.known();
                    text.append(part.text());
                    i = close + 1;
                } else {
                    literal.append(body.charAt(i));
                    i++;
                }
            }
            text.append(unescape(literal));
            return new Value(text.toString(), known);
        }

        private Value expression(String expression, String eachKey) {
            String inner = expression.trim();
            Matcher toString = TOSTRING.matcher(inner);
            if (toString.matches()) {
                inner = toString.group(1);
            }
            if (inner.equals("path.module")) {
                return Value.known(terraformDir.resolve(dir.path).toString());
            }
            if (TRAVERSAL.matcher(inner).matches()) {
                Optional<Bound> bound = dereference(inner, eachKey);
                if (bound.isPresent()) {
                    return bound.get().instance.eval(bound.get().node, bound.get().eachKey);
                }
            }
            return Value.unknown("«" + dir.path + ":" + inner + "»");
        }

        private Optional<Bound> dereference(String reference, String eachKey) {
            String[] parts = reference.split("\\.");
            switch (parts[0]) {
                case "var" -> {
                    String name = parts[1];
                    if (call != null && call.has(name)) {
                        return Optional.of(new Bound(call.get(name), parent, null));
                    }
                    if (tfvars != null && tfvars.has(name)) {
                        return Optional.of(new Bound(tfvars.get(name), this, null));
                    }
                    ObjectNode variable = dir.variables.get(name);
                    if (variable != null && variable.has("default")) {
                        return Optional.of(new Bound(variable.get("default"), this, null));
                    }
                    return Optional.empty();
                }
                case "local" -> {
                    JsonNode local = dir.locals.get(parts[1]);
                    return local == null || parts.length > 2 ? Optional.empty()
                            : Optional.of(new Bound(local, this, eachKey));
                }
                case "module" -> {
                    if (parts.length < 3) {
                        return Optional.empty();
                    }
                    Instance child = module(parts[1]);
                    ObjectNode output = child.dir.outputs.get(parts[2]);
                    if (output == null) {
                        throw new AssertionError("module " + parts[1] + " (" + child.dir.path + ") has no output "
                                + parts[2]);
                    }
                    return Optional.of(new Bound(output.get("value"), child, null));
                }
                case "each" -> {
                    return eachKey != null && parts[1].equals("key")
                            ? Optional.of(new Bound(TextNode.valueOf("\"" + eachKey + "\""), this, null))
                            : Optional.empty();
                }
                case "data", "path", "count", "self", "terraform" -> {
                    return Optional.empty();
                }
                default -> {
                    // A resource attribute written in the configuration, such as aws_sqs_queue.main.name.
                    if (parts.length != 3) {
                        return Optional.empty();
                    }
                    ObjectNode resource = dir.resources.get(parts[0] + "." + parts[1]);
                    if (resource == null || !resource.has(parts[2]) || resource.has("for_each")
                            || resource.has("count")) {
                        return Optional.empty();
                    }
                    return Optional.of(new Bound(resource.get(parts[2]), this, null));
                }
            }
        }
    }

    record Bound(JsonNode node, Instance instance, String eachKey) {
    }

    /** An evaluated value: its text when known, else a symbolic «dir:expression». */
    record Value(String text, boolean known) {
        static Value known(String text) {
            return new Value(text, true);
        }

        static Value unknown(String symbol) {
            return new Value(symbol, false);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    // -----------------------------------------------------------------------------------------------------------------

    /** The blocks named {@code name} inside a block body (python-hcl2 gives a list of objects). */
    static List<ObjectNode> blocks(JsonNode body, String name) {
        List<ObjectNode> result = new ArrayList<>();
        for (JsonNode block : body.path(name)) {
            if (block.isObject() && block.path("__is_block__").asBoolean(false)) {
                result.add((ObjectNode) block);
            }
        }
        return result;
    }

    /** A string literal's text (source form without its quotes), or the source text of another expression. */
    static String unquote(String text) {
        return text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")
                ? text.substring(1, text.length() - 1) : text;
    }

    private static String unescape(CharSequence literal) {
        StringBuilder out = new StringBuilder(literal.length());
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '\\' && i + 1 < literal.length()) {
                char next = literal.charAt(++i);
                switch (next) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    default -> out.append(next);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Index of the brace that closes an interpolation whose content starts at {@code from}, or -1. */
    private static int closingBrace(String text, int from) {
        int depth = 0;
        boolean inString = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
        }
        return -1;
    }
}
