import { context, INVALID_SPAN_CONTEXT, propagation, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { IncomingHttpHeaders } from 'node:http';

const TRACER_NAME = 'jjj-hub';

/**
 * OpenTelemetry tracing for this process, exporting over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set
 * (off otherwise: the API's no-op tracer costs next to nothing). Registers the W3C trace-context propagator and
 * the AsyncLocalStorage context manager, so spans started inside a request find their parent.
 */
let tracingOn = false;
const NON_RECORDING_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

export function startTracing(serviceName: string, endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT): { stop(): Promise<void> } {
  if (!endpoint) return { stop: async () => undefined };
  tracingOn = true;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` }), { scheduledDelayMillis: 500 })],
  });
  provider.register();
  return { stop: () => provider.shutdown() };
}

export function tracer() {
  return trace.getTracer(TRACER_NAME);
}

/** Runs `work` inside a span (a child of the active one, or of `parent`), ending it with the outcome. */
export async function inSpan<T>(name: string, kind: SpanKind, attributes: Record<string, string | number>, work: (span: Span) => Promise<T>, parent?: Context): Promise<T> {
  // Nothing exports spans: no span, no context switch (on every request and region call).
  if (!tracingOn) return work(NON_RECORDING_SPAN);
  parent ??= context.active();
  const span = tracer().startSpan(name, { kind, attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
    throw error;
  } finally {
    span.end();
  }
}

/** The trace context a caller sent (traceparent), to parent this process's spans. */
export function extractTraceContext(headers: IncomingHttpHeaders): Context | undefined {
  if (!tracingOn) return undefined;
  return propagation.extract(context.active(), headers);
}

/** Whether this process exports spans (callers skip building spans nobody will see). */
export function tracingEnabled(): boolean {
  return tracingOn;
}

/** The active span's W3C traceparent, when a traced request is running. */
export function activeTraceparent(): string | undefined {
  if (!tracingOn || !trace.getSpan(context.active())) return undefined;
  return traceHeaders().traceparent;
}

/** The trace context a stored traceparent names (an event's cause), to parent work done for it later. */
export function contextOfTraceparent(traceparent: string | null | undefined): Context | undefined {
  if (!tracingOn || !traceparent) return undefined;
  return propagation.extract(context.active(), { traceparent });
}

/** The active trace context as headers (traceparent) for an outgoing call. */
const NO_TRACE_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

export function traceHeaders(): Readonly<Record<string, string>> {
  if (!tracingOn) return NO_TRACE_HEADERS;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

export { SpanKind };
