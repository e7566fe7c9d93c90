//! The shape of the house, tested: the top-level modules of the app import each other one way
//! only. `base` imports nothing of the app; `server` only `base`; `auth` only those; domains never
//! one another in a circle. A `use crate::…` that closes a circle fails here.
#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};

    fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("src is readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// Which top-level modules each top-level module names as `crate::<module>`.
    fn imports() -> BTreeMap<String, BTreeSet<String>> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        sources(&root, &mut files);
        let top = |path: &Path| -> Option<String> {
            let first = path.strip_prefix(&root).ok()?.components().next()?;
            let name = first
                .as_os_str()
                .to_str()?
                .trim_end_matches(".rs")
                .to_string();
            (name != "lib").then_some(name)
        };
        let modules: BTreeSet<String> = files.iter().filter_map(|f| top(f)).collect();
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for file in &files {
            let Some(from) = top(file) else { continue };
            let text = std::fs::read_to_string(file).expect("a source file");
            for part in text.split("crate::").skip(1) {
                let to: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if to != from && modules.contains(&to) {
                    graph.entry(from.clone()).or_default().insert(to);
                }
            }
        }
        graph
    }

    /// The modules `start` reaches by following imports.
    fn reach(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![start.to_string()];
        while let Some(module) = todo.pop() {
            for next in graph.get(&module).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    }

    #[test]
    fn no_module_imports_its_way_back_to_itself() {
        let graph = imports();
        assert!(graph.len() >= 10, "{graph:?}");
        let circles: Vec<String> = graph
            .keys()
            .filter(|m| reach(&graph, m).contains(*m))
            .cloned()
            .collect();
        assert!(
            circles.is_empty(),
            "modules in a circle: {circles:?}\n{graph:#?}"
        );
    }

    #[test]
    fn the_foundations_import_nothing_above_them() {
        let graph = imports();
        let allowed = |module: &str| -> &[&str] {
            match module {
                "base" => &[],
                "server" => &["base"],
                "auth" => &["base", "server"],
                "ui" => &["base", "server", "auth"],
                "attachments" => &["base", "server", "auth", "ui"],
                _ => &[],
            }
        };
        for module in ["base", "server", "auth", "ui", "attachments"] {
            for to in graph.get(module).into_iter().flatten() {
                assert!(
                    allowed(module).contains(&to.as_str()),
                    "{module} imports {to}, which is above it"
                );
            }
        }
    }
}
