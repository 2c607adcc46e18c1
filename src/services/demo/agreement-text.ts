// The demo's User Service Agreement, version 1, in both languages. An operator publishes the real text.
export const DEMO_AGREEMENT = {
  version: 1,
  zh: [
    '交通一卡通升级用户服务协议(演示版本 1)',
    '一、服务内容:升级后,您的交通一卡通与您的健康码身份绑定,刷卡乘车时同步核验健康码信息,无需向工作人员出示手机。',
    '二、信息使用:我们仅为核验健康状态使用您的证件信息;证件号码加密保存,读卡设备上不保存您的姓名和证件号码。',
    '三、数量限制:每人可升级一张实体卡和一张手机 NFC 卡。',
    '四、解除绑定:您可随时在"交通一卡通升级"栏目中解除绑定;注销账户时全部绑定随之解除,证件信息随之删除。',
    '五、未升级的卡片仍可正常使用,乘车前请向工作人员出示有效健康码。',
    '六、如遇问题,可由现场工作人员协助乘车,或联系客服:邮箱 96066@bmac.com.cn,热线 010-96066。',
  ].join('\n'),
  en: [
    'Transportation Card Upgrade User Service Agreement (demo version 1)',
    '1. The service: once upgraded, your Yikatong card is bound to your health-code identity, and your health status is verified when you tap the card; you need not show your phone to staff.',
    '2. Your information: we use your document only to verify your health status. The document number is stored encrypted; card readers never hold your name or document number.',
    '3. Limits: each person may upgrade one physical card and one phone NFC card.',
    '4. Unbinding: you can unbind at any time in the Transportation Card Upgrade column; deleting your account ends every binding and erases your document data.',
    '5. A card that is not upgraded still works: show a valid health code to staff before you ride.',
    '6. If you meet a problem, station staff will help you ride, or contact customer service: 96066@bmac.com.cn, hotline 010-96066.',
  ].join('\n'),
};
