import type { ProcessingPartProps } from './types';

/** Placeholder until its part of the processing view lands (see ProcessingView). */
export function ProduceAttempt(_props: ProcessingPartProps) {
  return null;
}
