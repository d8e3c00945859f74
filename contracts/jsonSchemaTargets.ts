import type { z } from 'zod';
import { ClientMessage } from './clientMessages.ts';
import { CanonicalEvent } from './CanonicalEvent.ts';
import { Finding } from './Finding.ts';
import { GoldenPathRules } from './GoldenPathRules.ts';
import { ImportCensus, ImportCensusDiff } from './ImportCensus.ts';
import { HistoryHeader, HistoryRecord } from './history.ts';
import { PlacementRules } from './PlacementRules.ts';
import {
  AgentCompleted,
  AgentError,
  AgentStarted,
  AgentThinking,
  ConnectionEstablished,
  ErrorMessage,
  ServerMessage,
  ToolCompleted,
  ToolExecuting,
} from './serverMessages.ts';
import { Summary } from './Summary.ts';

/** Every contract exported as JSON Schema, by file name (without extension). */
export const JSON_SCHEMA_TARGETS: Record<string, z.ZodType> = {
  'client-message': ClientMessage,
  'server-message': ServerMessage,
  'connection-established': ConnectionEstablished,
  'agent-started': AgentStarted,
  'agent-thinking': AgentThinking,
  'tool-executing': ToolExecuting,
  'tool-completed': ToolCompleted,
  'agent-completed': AgentCompleted,
  'agent-error': AgentError,
  'error-message': ErrorMessage,
  'canonical-event': CanonicalEvent,
  'golden-path-rules': GoldenPathRules,
  'placement-rules': PlacementRules,
  finding: Finding,
  'history-header': HistoryHeader,
  'history-record': HistoryRecord,
  summary: Summary,
  imports: ImportCensus,
  'imports-diff': ImportCensusDiff,
};
