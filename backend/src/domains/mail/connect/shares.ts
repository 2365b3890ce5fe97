import { referenceInvalid } from '#domains/shared/referenceChecks';

export const invalidUser = (message: string) => referenceInvalid('userId', message);
