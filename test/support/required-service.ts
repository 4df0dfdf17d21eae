/**
 * `describe` when the service answered; otherwise `describe.skip` with the
 * reason, unless `require` (CI sets it), where a missing service fails the
 * run instead of skipping it.
 */
export function describeIfServed(
  service: {
    name: string;
    where: string;
    answered: boolean;
    required: boolean;
    hint: string;
  },
  name: string,
  body: () => void,
): void {
  if (service.answered) {
    describe(name, body);
    return;
  }
  if (service.required) {
    describe(name, () => {
      it(`needs ${service.name}`, () => {
        throw new Error(
          `${service.name} is required but does not answer at ${service.where}`,
        );
      });
    });
    return;
  }
  // Straight to stderr: Jest shows no console output of a file whose tests
  // were all skipped, and a skip must say why.
  process.stderr.write(
    `Skipping "${name}": no ${service.name} answers at ${service.where}. ${service.hint}\n`,
  );
  describe.skip(name, body);
}
