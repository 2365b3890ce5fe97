import { referenceInvalid } from '../../shared/referenceChecks';

export const invalidUser = (message: string) => referenceInvalid('userId', message);
