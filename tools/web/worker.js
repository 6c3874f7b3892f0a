// The Web Worker of the page (tools/web/page.html): emscripten's module (strikesim_module, put
// before this file by assemble.py) runs strikesim's own main() on an in-memory file system.
//
// Message in:  {id, wasm: WebAssembly.Module, files: {path: text}, args: [...], output: path}
// Message out: {id, code, stderr, output (the text of the output file, or null), ms}
//
// Each run gets a fresh instance (the compiled module is shared, so that costs milliseconds):
// no state of one run can reach the next. The page cancels a run by terminating the worker.
"use strict";

function writeFiles(FS, files) {
  for (const [path, text] of Object.entries(files)) {
    const parts = path.split("/");
    let dir = "";
    for (const part of parts.slice(0, -1)) {
      dir = dir ? dir + "/" + part : part;
      if (!FS.analyzePath(dir).exists) FS.mkdir(dir);
    }
    FS.writeFile(path, text);
  }
}

self.onmessage = async (event) => {
  const { id, wasm, files, args, output } = event.data;
  const start = performance.now();
  const stderr = [];
  let code = null;
  const module = await strikesim_module({
    noInitialRun: true,
    instantiateWasm(imports, receive) {
      WebAssembly.instantiate(wasm, imports).then((instance) => receive(instance, wasm));
      return {};
    },
    print: () => {},
    printErr: (line) => stderr.push(line),
    onExit: (status) => {
      code = status;
    },
  });
  module.FS.chdir("/");
  writeFiles(module.FS, files);
  try {
    const returned = module.callMain(args);
    if (typeof returned === "number") code = returned;
  } catch (error) {
    if (error && error.name === "ExitStatus") code = error.status;
    else {
      stderr.push("strikesim: internal error: " + String(error));
      code = 1;
    }
  }
  let text = null;
  if (code === 0 && output && module.FS.analyzePath(output).exists)
    text = module.FS.readFile(output, { encoding: "utf8" });
  self.postMessage({ id, code, stderr: stderr.join("\n"), output: text, ms: performance.now() - start });
};
