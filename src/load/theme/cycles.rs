//! Templates that would call themselves for ever: include cycles, recursive macros and extends
//! cycles, found in the parsed templates before anything is rendered. Tera follows them until the
//! stack overflows, which aborts the whole process, so they are refused here.

use std::collections::{BTreeMap, HashMap};

use tera::ast::{Expr, ExprVal, Node};

/// Something a template renders: a template's own text (with its blocks) or one of its macros.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    Template(String),
    Macro { template: String, name: String },
}

impl Part {
    pub fn template(&self) -> &str {
        match self {
            Part::Template(name) | Part::Macro { template: name, .. } => name,
        }
    }

    fn describe(&self) -> String {
        match self {
            Part::Template(name) => format!("`{name}`"),
            Part::Macro { template, name } => format!("the macro `{name}` of `{template}`"),
        }
    }
}

/// A cycle found: the parts in the order they call each other, the first repeated at the end.
#[derive(Debug, PartialEq, Eq)]
pub struct Cycle(pub Vec<Part>);

impl Cycle {
    /// "`post.html` includes itself", or the chain of parts that lead back to the first.
    pub fn describe(&self) -> String {
        let parts = &self.0;
        if parts.len() == 2 {
            let verb = match &parts[0] {
                Part::Template(_) => "includes",
                Part::Macro { .. } => "calls",
            };
            return format!("{} {verb} itself", parts[0].describe());
        }
        let chain: Vec<String> = parts.iter().map(Part::describe).collect();
        format!(
            "the templates call each other in a circle: {}",
            chain.join(" → ")
        )
    }
}

/// The first cycle of includes, extends and macro calls among `templates`, if any.
pub fn find(templates: &HashMap<String, tera::Template>) -> Option<Cycle> {
    let mut calls: BTreeMap<Part, Vec<Part>> = BTreeMap::new();
    for (name, template) in templates {
        let mut found = Vec::new();
        if let Some(parent) = &template.parent {
            found.push(Part::Template(parent.clone()));
        }
        walk(template, templates, &template.ast, &mut found);
        calls.insert(Part::Template(name.clone()), found);
        for (macro_name, definition) in &template.macros {
            let mut found = Vec::new();
            walk(template, templates, &definition.body, &mut found);
            calls.insert(
                Part::Macro {
                    template: name.clone(),
                    name: macro_name.clone(),
                },
                found,
            );
        }
    }
    first_cycle(&calls)
}

/// A depth-first search with its own stack, so that a long chain of templates cannot overflow
/// this one either.
fn first_cycle(calls: &BTreeMap<Part, Vec<Part>>) -> Option<Cycle> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Unseen,
        OnPath,
        Done,
    }
    let mut state: HashMap<&Part, State> = calls.keys().map(|part| (part, State::Unseen)).collect();
    for start in calls.keys() {
        if state[start] != State::Unseen {
            continue;
        }
        // The path from `start`, each part with the index of its next callee to visit.
        let mut path: Vec<(&Part, usize)> = vec![(start, 0)];
        state.insert(start, State::OnPath);
        while let Some((part, next)) = path.last_mut() {
            let callees = &calls[*part];
            let Some(callee) = callees.get(*next) else {
                state.insert(*part, State::Done);
                path.pop();
                continue;
            };
            *next += 1;
            // A callee that is not a template of the site is Tera's to report when rendering.
            let Some((callee, _)) = calls.get_key_value(callee) else {
                continue;
            };
            match state[callee] {
                State::OnPath => {
                    let from = path.iter().position(|(p, _)| *p == callee).unwrap_or(0);
                    let mut cycle: Vec<Part> =
                        path[from..].iter().map(|(p, _)| (*p).clone()).collect();
                    cycle.push(callee.clone());
                    return Some(Cycle(cycle));
                }
                State::Unseen => {
                    state.insert(callee, State::OnPath);
                    path.push((callee, 0));
                }
                State::Done => {}
            }
        }
    }
    None
}

/// Collects what `nodes` of `template` include and call.
fn walk(
    template: &tera::Template,
    templates: &HashMap<String, tera::Template>,
    nodes: &[Node],
    found: &mut Vec<Part>,
) {
    for node in nodes {
        match node {
            Node::Include(_, names, _) => {
                // Tera renders the first of the names that exists.
                if let Some(name) = names.iter().find(|name| templates.contains_key(*name)) {
                    found.push(Part::Template(name.clone()));
                }
            }
            Node::VariableBlock(_, expr) => expression(template, expr, found),
            Node::Set(_, set) => expression(template, &set.value, found),
            Node::FilterSection(_, section, _) => {
                section
                    .filter
                    .args
                    .values()
                    .for_each(|arg| expression(template, arg, found));
                walk(template, templates, &section.body, found);
            }
            Node::Block(_, block, _) => walk(template, templates, &block.body, found),
            Node::Forloop(_, forloop, _) => {
                expression(template, &forloop.container, found);
                walk(template, templates, &forloop.body, found);
                if let Some(empty) = &forloop.empty_body {
                    walk(template, templates, empty, found);
                }
            }
            Node::If(branches, _) => {
                for (_, condition, body) in &branches.conditions {
                    expression(template, condition, found);
                    walk(template, templates, body, found);
                }
                if let Some((_, body)) = &branches.otherwise {
                    walk(template, templates, body, found);
                }
            }
            // Macro bodies are parts of their own; the rest calls nothing.
            Node::MacroDefinition(..)
            | Node::Super
            | Node::Text(_)
            | Node::Extends(..)
            | Node::ImportMacro(..)
            | Node::Raw(..)
            | Node::Break(_)
            | Node::Continue(_)
            | Node::Comment(..) => {}
        }
    }
}

fn expression(template: &tera::Template, expr: &Expr, found: &mut Vec<Part>) {
    for filter in &expr.filters {
        filter
            .args
            .values()
            .for_each(|arg| expression(template, arg, found));
    }
    match &expr.val {
        ExprVal::MacroCall(call) => {
            // `self::` names the macros of the file the call is written in; any other namespace
            // one of the files it imports.
            let file = if call.namespace == "self" {
                Some(template.name.clone())
            } else {
                template
                    .imported_macro_files
                    .iter()
                    .find(|(_, namespace)| *namespace == call.namespace)
                    .map(|(file, _)| file.clone())
            };
            if let Some(file) = file {
                found.push(Part::Macro {
                    template: file,
                    name: call.name.clone(),
                });
            }
            call.args
                .values()
                .for_each(|arg| expression(template, arg, found));
        }
        ExprVal::FunctionCall(call) => call
            .args
            .values()
            .for_each(|arg| expression(template, arg, found)),
        ExprVal::Math(math) => {
            expression(template, &math.lhs, found);
            expression(template, &math.rhs, found);
        }
        ExprVal::Logic(logic) => {
            expression(template, &logic.lhs, found);
            expression(template, &logic.rhs, found);
        }
        ExprVal::In(test) => {
            expression(template, &test.lhs, found);
            expression(template, &test.rhs, found);
        }
        ExprVal::Test(test) => test
            .args
            .iter()
            .for_each(|arg| expression(template, arg, found)),
        ExprVal::Array(items) => items
            .iter()
            .for_each(|item| expression(template, item, found)),
        ExprVal::StringConcat(_)
        | ExprVal::String(_)
        | ExprVal::Int(_)
        | ExprVal::Float(_)
        | ExprVal::Bool(_)
        | ExprVal::Ident(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn templates(sources: &[(&str, &str)]) -> HashMap<String, tera::Template> {
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(sources.iter().copied())
            .expect("templates that parse");
        tera.templates
    }

    fn cycle(sources: &[(&str, &str)]) -> Option<String> {
        find(&templates(sources)).map(|cycle| cycle.describe())
    }

    #[test]
    fn includes_of_itself_and_of_each_other() {
        assert_eq!(
            cycle(&[("post.html", "a {% include \"post.html\" %}")]).as_deref(),
            Some("`post.html` includes itself")
        );
        assert_eq!(
            cycle(&[
                ("a.html", "{% if x %}{% include \"b.html\" %}{% endif %}"),
                (
                    "b.html",
                    "{% for i in y %}{% include \"a.html\" %}{% endfor %}"
                ),
            ])
            .as_deref(),
            Some("the templates call each other in a circle: `a.html` → `b.html` → `a.html`")
        );
    }

    #[test]
    fn recursive_macros_directly_and_through_each_other() {
        assert_eq!(
            cycle(&[(
                "m.html",
                "{% macro f(n) %}{{ self::f(n=n) }}{% endmacro f %}"
            )])
            .as_deref(),
            Some("the macro `f` of `m.html` calls itself")
        );
        let found = cycle(&[
            (
                "m.html",
                "{% macro f() %}{% if self::g() %}x{% endif %}{% endmacro f %}{% macro g() %}{{ 1 + self::f() | length }}{% endmacro g %}",
            ),
            ("page.html", "{% import \"m.html\" as m %}{{ m::f() }}"),
        ]);
        assert!(
            found.as_deref().is_some_and(
                |found| found.contains("the macro `f` of `m.html` → the macro `g` of `m.html`")
            ),
            "{found:?}"
        );
    }

    #[test]
    fn a_child_block_that_includes_its_child_is_a_cycle() {
        let found = cycle(&[
            ("base.html", "{% block content %}{% endblock content %}"),
            (
                "post.html",
                "{% extends \"base.html\" %}{% block content %}{% include \"part.html\" %}{% endblock content %}",
            ),
            ("part.html", "{% include \"post.html\" %}"),
        ]);
        assert!(
            found.is_some_and(|found| found.contains("`part.html` → `post.html` → `part.html`"))
        );
    }

    #[test]
    fn includes_and_macros_without_cycles_pass() {
        assert_eq!(
            cycle(&[
                (
                    "base.html",
                    "{% block content %}{% endblock content %}{% include \"footer.html\" %}"
                ),
                (
                    "footer.html",
                    "{% import \"m.html\" as m %}{{ m::link(u=1) }}{{ m::link(u=2) }}"
                ),
                (
                    "m.html",
                    "{% macro link(u) %}<a>{{ u }}</a>{% endmacro link %}{% macro nav() %}{{ self::link(u=0) }}{% endmacro nav %}"
                ),
                (
                    "post.html",
                    "{% extends \"base.html\" %}{% block content %}{% include \"footer.html\" %}{% endblock content %}"
                ),
            ]),
            None
        );
    }
}
