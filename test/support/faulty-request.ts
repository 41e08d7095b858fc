/**
 * A request whose If-None-Match cannot be read: an exception in the middle of answering, raised
 * from the test's side so that no production route needs a hook for it.
 */
export class FaultyRequest extends Request {
  /** How many times reading If-None-Match has failed: once per attempt to answer. */
  faults = 0;

  constructor(
    url: string,
    private readonly fault: string,
    init?: RequestInit,
  ) {
    super(url, init);
  }

  override get headers(): Headers {
    const headers = super.headers;
    const fault = this.fault;
    const failed = () => this.faults++;
    return new Proxy(headers, {
      get(target, key) {
        if (key === "get") {
          return (name: string) => {
            if (name.toLowerCase() === "if-none-match") {
              failed();
              throw new Error(fault);
            }
            return target.get(name);
          };
        }
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }
}
