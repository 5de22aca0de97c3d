/**
 * A sweep worker thread: parses the base scenario once, then runs the jobs it is sent, one at a
 * time, and posts each result back. Started by `pool.ts`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runJob, type Job } from './job.js';
import { ScenarioBase } from './override.js';
import { importPlugin } from './plugin.js';
import type { RunnerSetup } from './pool.js';

const setup = workerData as RunnerSetup;
const base = new ScenarioBase(setup.text, setup.file);
const plugin = setup.pluginPath ? await importPlugin(setup.pluginPath) : undefined;
parentPort!.on('message', (job: Job) => {
  parentPort!.postMessage(runJob(base, job, { requests: setup.requests, plugin, analyze: setup.analyze }));
});
