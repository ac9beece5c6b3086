"use client"

import { startTransition, useActionState } from "react"
import { submitReview } from "@/lib/actions"

type Labels = Record<"rating" | "optional" | "notRated" | "text" | "textHint" | "anonymous" | "submit" | "subScores", string>

/** One completed order line: overall stars, the shop category's sub-scores (optional), text, anonymous. */
export function ReviewForm({
  locale,
  orderId,
  lineItemId,
  dimensions,
  starLabels,
  labels,
}: {
  locale: string
  orderId: string
  lineItemId: string
  dimensions: { key: string; label: string }[]
  starLabels: string[]
  labels: Labels
}) {
  const [state, action, pending] = useActionState(submitReview, undefined)
  const id = (s: string) => `rv-${lineItemId}-${s}`
  return (
    <form
      action={action}
      // A form action resets the fields once it returns; after a refusal the stars, sub-scores and text must stay.
      onSubmit={(e) => {
        e.preventDefault()
        const data = new FormData(e.currentTarget)
        startTransition(() => action(data))
      }}
      className="stack review-form"
      data-testid="review-form"
    >
      <input type="hidden" name="locale" value={locale} />
      <input type="hidden" name="order_id" value={orderId} />
      <input type="hidden" name="line_item_id" value={lineItemId} />
      <fieldset className="stars-input">
        <legend>{labels.rating}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className="radio">
            <input type="radio" name="rating" value={n} required defaultChecked={n === 5} data-testid={`rating-${n}`} /> {starLabels[n - 1]}
          </label>
        ))}
      </fieldset>
      {dimensions.length > 0 && (
        <fieldset>
          <legend>
            {labels.subScores} <span className="muted">{labels.optional}</span>
          </legend>
          <div className="sub-score-grid">
            {dimensions.map((d) => (
              <div className="field" key={d.key}>
                <label htmlFor={id(d.key)}>{d.label}</label>
                <select id={id(d.key)} name={`sub_${d.key}`} defaultValue="" data-testid={`sub-${d.key}`}>
                  <option value="">{labels.notRated}</option>
                  {[5, 4, 3, 2, 1].map((n) => (
                    <option key={n} value={n}>{starLabels[n - 1]}</option>
                  ))}
                </select>
              </div>
            ))}
          </div>
        </fieldset>
      )}
      <div className="field">
        <label htmlFor={id("text")}>
          {labels.text} <span className="muted">{labels.optional}</span>
        </label>
        <textarea id={id("text")} name="text" rows={4} maxLength={500} aria-describedby={id("hint")} data-testid="review-text" />
        <small id={id("hint")} className="muted">{labels.textHint}</small>
      </div>
      <label className="check">
        <input type="checkbox" name="is_anonymous" data-testid="review-anonymous" /> {labels.anonymous}
      </label>
      {state?.error && <p className="error" role="alert">{state.error}</p>}
      <button type="submit" className="btn" disabled={pending} data-testid="review-submit">
        {labels.submit}
      </button>
    </form>
  )
}
