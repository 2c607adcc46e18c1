// "Near me": the browser's position, asked for only when the person presses the button. The position stays in
// the page (outlets are sorted here, domain/outlets.ts byDistance); it is never sent to the server.

export type Position = { lat: number; lng: number };
/** Why there is no position: the person or the browser said no, or the device could not tell. */
export type NoPosition = 'denied' | 'unavailable';

/** The current position, or why there is none. Resolves within about 15 s whatever the device does. */
export function locate(): Promise<Position | NoPosition> {
  if (!('geolocation' in navigator)) return Promise.resolve('unavailable');
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude }),
      (error) => resolve(error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable'),
      // A position a few minutes old is near enough to pick an outlet, and much faster to get.
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 300_000 },
    );
  });
}
