import type { RateDecision, RateInputs } from '../rate-inputs';
import { fillPolicy } from './fill-policy';
import { fixedPolicy } from './fixed-policy';
import { onDemandAwarePolicy } from './on-demand-aware-policy';
import { shareOfOrganicPolicy } from './share-of-organic-policy';
import { windowsPolicy } from './windows-policy';

/** The policy of the inputs' mode: one switch, so adding a mode is a compile error until it is handled. */
export function decideRate(inputs: RateInputs): RateDecision {
  const mode = inputs.mode;
  switch (mode.mode) {
    case 'fixed':
      return fixedPolicy(inputs);
    case 'fill':
      return fillPolicy(inputs, mode.share);
    case 'share-of-organic':
      return shareOfOrganicPolicy(inputs);
    case 'windows':
      return windowsPolicy(inputs);
    case 'on-demand-aware':
      return onDemandAwarePolicy(inputs);
  }
}
