import { crud } from "../crud"

const h = crud("resource")
export const GET = h.list
export const POST = h.create
