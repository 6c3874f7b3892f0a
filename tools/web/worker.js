// The Web Worker of the page (tools/web/page.html): emscripten's module (strikesim_module, put
// before this file by assemble.py) runs strikesim's own main() on an in-memory file system.
//
// Messages in:
//   {type: "init", wasm, files}  wasm: the compiled WebAssembly.Module, or (the page's first
//                                worker) the gzipped .wasm in base64; files: the shipped scenario
//                                files, {index: [[path, offset, length]...], bytes: Uint8Array}
//   {type: "run", id, args, output, upload}  upload: {path, text} of the user's file, or null
// Messages out:
//   {type: "compiled", module}   once, from a worker given the base64: the page hands the module
//                                to the workers after it
//   {type: "result", id, code, stderr, output (the text of the output file, or null), ms, times}
//
// A worker runs one run: the page starts the next worker (compiled module, fresh instance,
// scenario files written) while this one runs, so that a control that moves does not wait for
// start-up, and no state of one run can reach the next. The page cancels a run by terminating
// the worker.
"use strict";

const times = {};
const since = (start) => Math.round(performance.now() - start);

function base64Bytes(text) {
  if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; ++i) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// The .wasm is gzipped in the page (a third of its size): decompressed by the browser and
// compiled as it streams, from memory (a Response made here, not a request).
async function compile(wasm) {
  if (wasm instanceof WebAssembly.Module) return wasm;
  const start = performance.now();
  const gzipped = base64Bytes(wasm);
  const stream = new Blob([gzipped]).stream().pipeThrough(new DecompressionStream("gzip"));
  const module = await WebAssembly.compileStreaming(
    new Response(stream, { headers: { "Content-Type": "application/wasm" } }));
  times.compile = since(start);
  self.postMessage({ type: "compiled", module });
  return module;
}

function makeDirectories(FS, path) {
  let dir = "";
  for (const part of path.split("/").slice(0, -1)) {
    dir = dir ? dir + "/" + part : part;
    if (!FS.analyzePath(dir).exists) FS.mkdir(dir);
  }
}

function writeFiles(FS, files) {
  for (const [path, text] of Object.entries(files)) {
    makeDirectories(FS, path);
    FS.writeFile(path, text);
  }
}

// The shipped files, written before the instance exists, while the browser compiles: FS.writeFile
// cannot be used then (emscripten's in-memory file system compares what it writes with the
// instance's memory), so each file's node takes its part of the page's array as its contents,
// as FS.writeFile leaves it when it may keep the array it is given. Nothing writes to them.
function placeFiles(FS, { index, bytes }) {
  for (const [path, at, length] of index) {
    makeDirectories(FS, path);
    const node = FS.create(path, 0o644);
    node.contents = bytes.subarray(at, at + length);
    node.usedBytes = length;
  }
}

const stderr = [];
let exitCode = null;
let memory = null;  // the instance's memory, for its size after the run

async function init({ wasm, files }) {
  // The files are written, and emscripten's runtime set up, while the browser compiles.
  const compiling = compile(wasm);
  let start = performance.now();
  let fail;
  const failure = new Promise((resolve, reject) => {
    fail = reject;
  });
  const settings = {
    noInitialRun: true,
    // Before the instance: emscripten's in-memory file system is plain JavaScript.
    preInit() {
      const filesStart = performance.now();
      settings.FS.chdir("/");
      placeFiles(settings.FS, files);
      times.files = since(filesStart);
    },
    instantiateWasm(imports, receive) {
      compiling
        .then((compiled) => {
          start = performance.now();
          return WebAssembly.instantiate(compiled, imports).then((instance) => {
            memory = instance.exports.memory;
            receive(instance, compiled);
          });
        })
        .catch(fail);
      return {};
    },
    print: () => {},
    printErr: (line) => stderr.push(line),
    onExit: (status) => {
      exitCode = status;
    },
  };
  const module = await Promise.race([failure, strikesim_module(settings)]);
  times.instantiate = since(start);
  return module;
}

async function run(ready, { id, args, output, upload }) {
  const start = performance.now();
  let module;
  try {
    module = await ready;
  } catch (error) {
    self.postMessage({ type: "result", id, code: 1, stderr: "strikesim: the engine did not start: " +
                       String(error), output: null, ms: since(start), times });
    return;
  }
  times.waited = since(start);
  if (upload) writeFiles(module.FS, { [upload.path]: upload.text });
  const mainStart = performance.now();
  let code = null;
  try {
    const returned = module.callMain(args);
    code = typeof returned === "number" ? returned : exitCode;
  } catch (error) {
    if (error && error.name === "ExitStatus") code = error.status;
    else {
      stderr.push("strikesim: internal error: " + String(error));
      code = 1;
    }
  }
  times.main = since(mainStart);
  if (memory) times.memoryMiB = memory.buffer.byteLength / 1048576;
  let text = null;
  if (code === 0 && output && module.FS.analyzePath(output).exists)
    text = module.FS.readFile(output, { encoding: "utf8" });
  self.postMessage({ type: "result", id, code, stderr: stderr.join("\n"), output: text,
                     ms: performance.now() - start, times });
}

let ready = null;
self.onmessage = (event) => {
  const message = event.data;
  if (message.type === "init") ready = init(message);
  else if (message.type === "run") run(ready, message);
};
