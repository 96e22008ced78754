//! `qalint server` with a real editor: Neovim, headless, starts the built binary for a
//! markdown file, waits for the diagnostics, applies `source.fixAll.qalint`, waits for the
//! diagnostics of the fixed text, asks for a hover, and writes what it saw to a file; the test
//! reads that file.
//!
//! Skipped (with a note on stderr) when `nvim` is not installed or is older than 0.7, whose
//! `vim.lsp.start_client` and `vim.diagnostic` the script uses (`vim.lsp.start` from 0.8 on). `.ci/run` installs Neovim with
//! apt when it can.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod common;

/// Neovim's version as (major, minor), or `None` when `nvim` does not run.
fn nvim_version() -> Option<(u32, u32)> {
    let out = Command::new("nvim").arg("--version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let v = text.lines().next()?.strip_prefix("NVIM v")?;
    let mut parts = v.split(['.', '-']);
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

const SCRIPT: &str = r#"
local bin, root, out_path = os.getenv('QALINT_BIN'), os.getenv('QALINT_ROOT'), os.getenv('QALINT_OUT')
local out = {}
local function say(s) table.insert(out, s) end
local function first_line(s) return (s:gsub('\n.*', '')) end
local function code_of(d)
  return tostring(d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or '?')
end
local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/a.md'))
  local buf = vim.api.nvim_get_current_buf()
  local config = { name = 'qalint', cmd = { bin, 'server' }, root_dir = root }
  local id
  if vim.lsp.start then
    id = vim.lsp.start(config)
  else
    id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(buf, id)
  end
  say('published ' .. tostring(vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 20)))
  local ds = vim.diagnostic.get(buf)
  table.sort(ds, function(a, b) return a.lnum < b.lnum end)
  for _, d in ipairs(ds) do
    say(string.format('diagnostic %d:%d %s %s', d.lnum, d.col, code_of(d), first_line(d.message)))
  end
  local client = vim.lsp.get_client_by_id(id)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = 0, character = 0 }, ['end'] = { line = 0, character = 0 } },
    context = { diagnostics = {}, only = { 'source.fixAll' } },
  }
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 10000)
  for _, r in pairs(res or {}) do
    for _, a in ipairs(r.result or {}) do
      say('action ' .. a.kind .. ': ' .. a.title)
      local action = a
      if not action.edit then
        local resolved = vim.lsp.buf_request_sync(buf, 'codeAction/resolve', a, 10000)
        for _, rr in pairs(resolved or {}) do
          if rr.result then action = rr.result end
        end
      end
      if action.edit then
        vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or 'utf-16')
      end
    end
  end
  say('settled ' .. tostring(vim.wait(20000, function() return #vim.diagnostic.get(buf) == 2 end, 20)))
  for _, d in ipairs(vim.diagnostic.get(buf)) do say('after ' .. code_of(d)) end
  for _, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do say('line ' .. l) end
  local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = 4, character = 10 },
  }, 10000)
  for _, r in pairs(hover or {}) do
    if r.result then say('hover ' .. first_line(r.result.contents.value)) end
  end
  vim.lsp.stop_client(id)
end)
if not ok then say('error ' .. tostring(err)) end
vim.fn.writefile(out, out_path)
vim.cmd('qa!')
"#;

#[test]
fn neovim_shows_findings_applies_fix_all_and_hovers() {
    let Some(version) = nvim_version() else {
        eprintln!("skipped: `nvim` is not installed (`.ci/run` installs it with apt)");
        return;
    };
    if version < (0, 7) {
        eprintln!("skipped: Neovim {version:?} is older than 0.7 (no `vim.diagnostic`)");
        return;
    }
    let text = "## Q1: What is a list?  \n\nSee 😀 [it](#nope).\n\n## Q2: What is a set\n\nB.\n";
    let dir = common::repo(&[
        (".qalint.yml", "questions:\n  preset: q-colon\n"),
        ("a.md", text),
        ("test.lua", SCRIPT),
    ]);
    let root = dir.path();
    let out = root.join("seen.txt");
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-n", "-i", "NONE", "-u", "NONE"])
        .arg("-c")
        .arg(format!("luafile {}", root.join("test.lua").display()))
        .env("QALINT_BIN", env!("CARGO_BIN_EXE_qalint"))
        .env("QALINT_ROOT", root)
        .env("QALINT_OUT", &out)
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nvim starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("Neovim did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let seen = std::fs::read_to_string(&out)
        .unwrap_or_else(|e| panic!("Neovim wrote nothing to {}: {e}", show(&out)));
    let lines: Vec<&str> = seen.lines().collect();
    let has = |s: &str| lines.iter().any(|l| l.starts_with(s));
    assert!(!has("error"), "{seen}");
    assert!(has("published true"), "{seen}");
    // Neovim turns the UTF-16 column into bytes: the anchor after the emoji.
    let col = "See 😀 [it](#nope).".find("#nope").unwrap();
    assert!(has(&format!("diagnostic 2:{col} QA303 ")), "{seen}");
    assert!(has("diagnostic 0:22 QA003 "), "trailing whitespace: {seen}");
    assert!(has("diagnostic 4:7 QA003 "), "no `?`: {seen}");
    assert!(
        has("action source.fixAll.qalint: Fix all safe qalint findings"),
        "{seen}"
    );
    assert!(has("settled true"), "{seen}");
    assert!(
        has("line ## Q1: What is a list?") && !seen.contains("list?  "),
        "{seen}"
    );
    assert!(
        has("line ## Q2: What is a set"),
        "the unsafe fix is left: {seen}"
    );
    assert!(has("hover **QA003 `title-style`**"), "{seen}");
}

fn show(p: &Path) -> String {
    p.display().to_string()
}
