import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createRegionsWorkflow,
  createShippingOptionsWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  createUserAccountWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"

export const PLATFORM = {
  storeName: "同城",
  regionName: "中国",
  salesChannelName: "同城线上",
  stockLocationName: "上海中心仓",
  publishableKeyTitle: "同城 Storefront",
  fulfillmentSetName: "上海同城履约",
  serviceZoneName: "中国大陆",
  // Chinese consumer prices are quoted tax-inclusive; 6% is the VAT rate for most local services.
  vatRate: 6,
}

export type PlatformSeedResult = {
  store_id: string
  region_id: string
  sales_channel_id: string
  stock_location_id: string
  publishable_key: string
  admin_email: string
}

/**
 * Creates the platform-level data every other part builds on. Each step first looks for what
 * it would create, so running it again on a seeded database changes nothing.
 */
export async function seedPlatform(
  container: MedusaContainer,
  opts: { adminEmail?: string; adminPassword?: string } = {}
): Promise<PlatformSeedResult> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  const storeModule = container.resolve(Modules.STORE)
  const salesChannelModule = container.resolve(Modules.SALES_CHANNEL)
  const regionModule = container.resolve(Modules.REGION)
  const taxModule = container.resolve(Modules.TAX)
  const stockLocationModule = container.resolve(Modules.STOCK_LOCATION)
  const fulfillmentModule = container.resolve(Modules.FULFILLMENT)
  const apiKeyModule = container.resolve(Modules.API_KEY)
  const userModule = container.resolve(Modules.USER)
  const authModule = container.resolve(Modules.AUTH)

  const [store] = await storeModule.listStores({}, { relations: ["supported_currencies"] })

  // Sales channel: Medusa creates a default one on first boot; it becomes ours.
  let salesChannel = store.default_sales_channel_id
    ? await salesChannelModule.retrieveSalesChannel(store.default_sales_channel_id)
    : (await salesChannelModule.listSalesChannels({ name: PLATFORM.salesChannelName }))[0]
  if (!salesChannel) {
    salesChannel = await salesChannelModule.createSalesChannels({ name: PLATFORM.salesChannelName })
  }
  if (salesChannel.name !== PLATFORM.salesChannelName) {
    salesChannel = await salesChannelModule.updateSalesChannels(salesChannel.id, {
      name: PLATFORM.salesChannelName,
      description: "同城 App 与网页商城",
    })
  }

  // Region 中国 in CNY with tax-inclusive prices and automatic taxes.
  let [region] = await regionModule.listRegions({ name: PLATFORM.regionName })
  if (!region) {
    const { result } = await createRegionsWorkflow(container).run({
      input: {
        regions: [
          {
            name: PLATFORM.regionName,
            currency_code: "cny",
            countries: ["cn"],
            automatic_taxes: true,
            is_tax_inclusive: true,
            payment_providers: ["pp_system_default"],
          },
        ],
      },
    })
    region = result[0]
    logger.info(`[seed] region ${PLATFORM.regionName} created`)
  }

  const hasCny = (store.supported_currencies ?? []).some((c) => c.currency_code === "cny")
  if (store.name !== PLATFORM.storeName || !hasCny || store.default_region_id !== region.id) {
    await updateStoresWorkflow(container).run({
      input: {
        selector: { id: store.id },
        update: {
          name: PLATFORM.storeName,
          supported_currencies: [{ currency_code: "cny", is_default: true, is_tax_inclusive: true }],
          default_sales_channel_id: salesChannel.id,
          default_region_id: region.id,
        },
      },
    })
    logger.info(`[seed] store renamed to ${PLATFORM.storeName} with CNY`)
  }

  const taxRegions = await taxModule.listTaxRegions({ country_code: "cn" })
  if (!taxRegions.length) {
    await createTaxRegionsWorkflow(container).run({
      input: [
        {
          country_code: "cn",
          provider_id: "tp_system",
          default_tax_rate: { rate: PLATFORM.vatRate, code: "CN-VAT", name: `增值税 ${PLATFORM.vatRate}%` },
        },
      ],
    })
    logger.info("[seed] tax region cn created")
  }

  let [location] = await stockLocationModule.listStockLocations({ name: PLATFORM.stockLocationName })
  if (!location) {
    const { result } = await createStockLocationsWorkflow(container).run({
      input: {
        locations: [
          {
            name: PLATFORM.stockLocationName,
            address: {
              address_1: "人民大道 200 号",
              city: "上海",
              province: "上海市",
              country_code: "cn",
              postal_code: "200003",
            },
          },
        ],
      },
    })
    location = result[0]
    await linkSalesChannelsToStockLocationWorkflow(container).run({
      input: { id: location.id, add: [salesChannel.id] },
    })
    await link.create({
      [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
      [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
    })
    logger.info(`[seed] stock location ${PLATFORM.stockLocationName} created`)
  }

  // Pickup at the shop and same-city delivery: the two ways an O2O order leaves a merchant.
  let [fulfillmentSet] = await fulfillmentModule.listFulfillmentSets(
    { name: PLATFORM.fulfillmentSetName },
    { relations: ["service_zones"] }
  )
  if (!fulfillmentSet) {
    fulfillmentSet = await fulfillmentModule.createFulfillmentSets({
      name: PLATFORM.fulfillmentSetName,
      type: "shipping",
      service_zones: [
        { name: PLATFORM.serviceZoneName, geo_zones: [{ type: "country", country_code: "cn" }] },
      ],
    })
    await link.create({
      [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
      [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id },
    })
    const [profile] = await fulfillmentModule.listShippingProfiles({ type: "default" })
    const shippingProfile =
      profile ?? (await fulfillmentModule.createShippingProfiles({ name: "默认", type: "default" }))
    const zoneId = fulfillmentSet.service_zones[0].id
    const common = {
      price_type: "flat" as const,
      provider_id: "manual_manual",
      service_zone_id: zoneId,
      shipping_profile_id: shippingProfile.id,
      rules: [
        { attribute: "enabled_in_store", value: "true", operator: "eq" as const },
        { attribute: "is_return", value: "false", operator: "eq" as const },
      ],
    }
    await createShippingOptionsWorkflow(container).run({
      input: [
        {
          ...common,
          name: "到店自取",
          type: { label: "到店自取", description: "到门店自取或到店消费", code: "pickup" },
          prices: [
            { currency_code: "cny", amount: 0 },
            { region_id: region.id, amount: 0 },
          ],
        },
        {
          ...common,
          name: "同城配送",
          type: { label: "同城配送", description: "商家或骑手同城送达", code: "delivery" },
          prices: [
            { currency_code: "cny", amount: 5 },
            { region_id: region.id, amount: 5 },
          ],
        },
      ],
    })
    logger.info("[seed] shipping options 到店自取 / 同城配送 created")
  }

  let [apiKey] = await apiKeyModule.listApiKeys({
    title: PLATFORM.publishableKeyTitle,
    type: "publishable",
  })
  if (!apiKey) {
    // Medusa makes a "Default Publishable API Key" on first boot; one key is less confusing than two.
    const [medusaDefault] = await apiKeyModule.listApiKeys({
      title: "Default Publishable API Key",
      type: "publishable",
    })
    if (medusaDefault && !medusaDefault.revoked_at) {
      apiKey = await apiKeyModule.updateApiKeys(medusaDefault.id, { title: PLATFORM.publishableKeyTitle })
      await linkSalesChannelsToApiKeyWorkflow(container).run({
        input: { id: apiKey.id, add: [salesChannel.id] },
      })
    }
  }
  if (!apiKey) {
    const { result } = await createApiKeysWorkflow(container).run({
      input: { api_keys: [{ title: PLATFORM.publishableKeyTitle, type: "publishable", created_by: "" }] },
    })
    apiKey = result[0]
    await linkSalesChannelsToApiKeyWorkflow(container).run({
      input: { id: apiKey.id, add: [salesChannel.id] },
    })
    logger.info("[seed] publishable API key created")
  }

  const adminEmail = opts.adminEmail ?? process.env.ADMIN_EMAIL ?? "admin@tongcheng.local"
  const adminPassword = opts.adminPassword ?? process.env.ADMIN_PASSWORD ?? "tongcheng-admin"
  const [existingUser] = await userModule.listUsers({ email: adminEmail })
  if (!existingUser) {
    const { authIdentity, error } = await authModule.register("emailpass", {
      body: { email: adminEmail, password: adminPassword },
    } as any)
    if (error || !authIdentity) throw new Error(`Could not register the admin login: ${error}`)
    await createUserAccountWorkflow(container).run({
      input: {
        authIdentityId: authIdentity.id,
        userData: { email: adminEmail, first_name: "平台", last_name: "管理员" },
      },
    })
    logger.info(`[seed] admin user ${adminEmail} created`)
  }

  return {
    store_id: store.id,
    region_id: region.id,
    sales_channel_id: salesChannel.id,
    stock_location_id: location.id,
    publishable_key: apiKey.token,
    admin_email: adminEmail,
  }
}
