// Every text of the UI, Vietnamese first, with its English. The choice is kept per browser.
import { useSyncExternalStore } from 'react';

export type Lang = 'vi' | 'en';

const M = {
  appName: ['Thông tin thị trường lao động', 'Labour-market information'],
  signIn: ['Đăng nhập', 'Sign in'],
  signOut: ['Đăng xuất', 'Sign out'],
  username: ['Tên đăng nhập', 'Username'],
  password: ['Mật khẩu', 'Password'],
  signInHint: [
    'Dùng tài khoản do quản trị viên cấp. Sau 5 lần sai, hãy chờ 15 phút.',
    'Use the account your administrator gave you. After 5 wrong attempts, wait 15 minutes.',
  ],
  language: ['Ngôn ngữ', 'Language'],
  sessionExpired: [
    'Phiên làm việc đã hết hạn hoặc đã bị kết thúc. Hãy đăng nhập lại; phiếu chưa lưu cần nhập lại.',
    'Your session has expired or was ended. Sign in again; a form not yet saved must be entered again.',
  ],
  menu: ['Danh mục chức năng', 'Menu'],
  apply: ['Xem', 'Show'],
  name: ['Họ tên', 'Name'],
  allCommunes: ['Mọi xã/phường trong phạm vi', 'Every commune in your area'],
  chooseCommuneHint: ['Chọn một xã/phường để xem danh sách này.', 'Choose a commune to see this list.'],
  closedCannotEdit: [
    'Hồ sơ đã đóng (người đã mất hoặc xuất cảnh) nên không cập nhật được.',
    'The record is closed (deceased or emigrated) and cannot be updated.',
  ],
  noPersonLinked: [
    'Tài khoản này chưa gắn với hồ sơ người lao động nào. Hãy liên hệ quản trị viên.',
    'This account is not linked to a worker record. Contact your administrator.',
  ],
  returnReason: ['Lý do trả lại phiếu', 'Why the form is returned'],
  newPassword: ['Mật khẩu mới (ít nhất 10 ký tự)', 'New password (at least 10 characters)'],
  confirm: ['Xác nhận', 'Confirm'],
  closeRecord: ['Đóng hồ sơ', 'Close the record'],
  closeReason: ['Lý do', 'Reason'],
  deceased: ['Đã mất', 'Deceased'],
  emigrated: ['Đã xuất cảnh', 'Emigrated'],
  closeDate: ['Từ ngày', 'From'],
  closeNote: [
    'Hồ sơ được giữ nguyên, có thêm một phiên bản đóng; sau đó không cập nhật được nữa.',
    'Nothing is deleted: a closing version is added, and the record can no longer be updated.',
  ],
  oldTreeUnits: [
    'Hồ sơ ghi mã đơn vị hành chính trước 01/07/2025. Phiếu cập nhật hôm nay dùng danh mục từ 01/07/2025: hãy ghi lại mã xã nơi thường trú, nơi ở và nơi làm việc.',
    'The record holds unit codes of before 1 July 2025. An update made today uses the tree from 1 July 2025: enter the residence and workplace communes again.',
  ],
  dashboard: ['Tổng quan', 'Dashboard'],
  entry: ['Nhập phiếu Mẫu 03', 'Enter a Mẫu 03 form'],
  search: ['Tra cứu', 'Search'],
  campaigns: ['Đợt thu thập', 'Collection campaigns'],
  reconcile: ['Đối soát', 'Reconciliation'],
  reports: ['Báo cáo', 'Reports'],
  import: ['Nhập tệp', 'Import a file'],
  users: ['Người dùng', 'Users'],
  audit: ['Nhật ký truy cập', 'Audit log'],
  myRecord: ['Hồ sơ của tôi', 'My record'],
  loading: ['Đang tải…', 'Loading…'],
  retry: ['Thử lại', 'Try again'],
  save: ['Lưu phiếu', 'Save the form'],
  saving: ['Đang lưu…', 'Saving…'],
  cancel: ['Hủy', 'Cancel'],
  close: ['Đóng', 'Close'],
  back: ['Quay lại', 'Back'],
  next: ['Trang sau', 'Next page'],
  none: ['Không có', 'None'],
  yes: ['Có', 'Yes'],
  no: ['Không', 'No'],
  notStated: ['Chưa khai', 'Not stated'],
  unit: ['Đơn vị', 'Unit'],
  tree: ['Danh mục đơn vị', 'Unit tree'],
  tree2025: ['Từ 01/07/2025', 'From 1 July 2025'],
  treePre2025: ['Trước 01/07/2025', 'Before 1 July 2025'],
  asOf: ['Tính đến ngày', 'As of'],
  download: ['Tải về', 'Download'],
  notFoundPage: ['Không có trang này.', 'There is no such page.'],
  goHome: ['Về trang tổng quan', 'Go to the dashboard'],
  forbidden: ['Bạn không có quyền xem mục này.', 'You may not see this.'],
  // dashboard
  population15: ['Dân số từ 15 tuổi', 'Population 15+'],
  labourForce: ['Lực lượng lao động', 'Labour force'],
  employed: ['Có việc làm', 'Employed'],
  unemployed: ['Thất nghiệp', 'Unemployed'],
  outside: ['Không tham gia HĐKT', 'Outside the labour force'],
  unemploymentRate: ['Tỷ lệ thất nghiệp', 'Unemployment rate'],
  byStatus: ['Theo tình trạng hoạt động kinh tế', 'By labour-force status'],
  bySex: ['Theo giới tính', 'By sex'],
  male: ['Nam', 'Male'],
  female: ['Nữ', 'Female'],
  pyramid: ['Tháp dân số (từ 15 tuổi)', 'Population pyramid (15+)'],
  trend: ['Xu hướng 12 tháng', '12-month trend'],
  progress: ['Tiến độ thu thập', 'Collection progress'],
  noCampaign: ['Chưa có đợt thu thập nào trong phạm vi của bạn.', 'No collection campaign in your area yet.'],
  noData: ['Chưa có số liệu. Hãy nhập phiếu hoặc nhập tệp để bắt đầu.', 'No figures yet. Enter forms or import a file to begin.'],
  reportsNotForRole: [
    'Vai trò của bạn không xem báo cáo tổng hợp; hãy dùng các mục bên trái.',
    'Your role does not read aggregate reports; use the menu.',
  ],
  people: ['người', 'people'],
  // entry form
  formTitle: ['PHIẾU THÔNG TIN VỀ NGƯỜI LAO ĐỘNG', 'WORKER INFORMATION SHEET'],
  formSubtitle: ['Mẫu số 03 – Thông tư 11/2022/TT-BLĐTBXH', 'Form 03 – Circular 11/2022/TT-BLĐTBXH'],
  formKeys: [
    'Tab/Enter: sang ô sau theo thứ tự trên phiếu. Gõ mã số (1, 2, …) để chọn phương án.',
    'Tab/Enter: next box in the paper order. Type an option code (1, 2, …) to choose it.',
  ],
  sectionIdentity: ['I. Thông tin cá nhân', 'I. Personal information'],
  sectionEducation: ['II. Trình độ', 'II. Education and qualification'],
  sectionStatus: ['III. Tình trạng tham gia hoạt động kinh tế', 'III. Labour-force status'],
  sectionEmployed: ['12. Người có việc làm', '12. Employed people'],
  sectionUnemployed: ['13. Người thất nghiệp', '13. Unemployed people'],
  sectionCollection: ['Thông tin thu thập', 'Collection details'],
  fixErrors: ['Phiếu còn lỗi; hãy sửa các ô được đánh dấu.', 'The form has errors; fix the marked boxes.'],
  saved: ['Đã lưu phiếu của', 'Saved the form of'],
  savedNew: ['Đã lưu phiên bản mới cho', 'Saved a new version for'],
  unchanged: ['Phiếu không thay đổi gì so với hồ sơ hiện hành.', 'Nothing differs from the current record.'],
  exists: ['Người này đã có hồ sơ. Mở hồ sơ để cập nhật.', 'This person already has a record. Open it to update.'],
  openRecord: ['Mở hồ sơ', 'Open the record'],
  newForm: ['Nhập phiếu khác', 'Enter another form'],
  editRecord: ['Cập nhật hồ sơ', 'Update the record'],
  sameAsPermanent: ['Như nơi thường trú', 'Same as permanent residence'],
  chooseCommune: ['Chọn xã/phường', 'Choose the commune'],
  province: ['Tỉnh/thành phố', 'Province'],
  district: ['Quận/huyện', 'District'],
  commune: ['Xã/phường', 'Commune'],
  typeToFind: ['Gõ để tìm', 'Type to find'],
  serverSays: ['Máy chủ báo', 'The server says'],
  // search
  searchHint: [
    'Gõ số CCCD (12 chữ số) hoặc họ tên bắt đầu từ họ (ví dụ "nguyen van") — có dấu hay không dấu đều được.',
    'Type a CCCD number (12 digits) or a full name starting with the surname (e.g. "nguyen van") — with or without diacritics.',
  ],
  searchPlaceholder: ['Số CCCD hoặc họ tên', 'CCCD number or name'],
  noResults: ['Không tìm thấy ai khớp trong phạm vi của bạn.', 'Nobody in your area matches.'],
  results: ['kết quả', 'results'],
  status: ['Tình trạng', 'Status'],
  anyStatus: ['Mọi tình trạng', 'Any status'],
  anySex: ['Cả nam và nữ', 'Both sexes'],
  // worker page
  currentRecord: ['Hồ sơ hiện hành', 'Current record'],
  history: ['Lịch sử thay đổi', 'History of changes'],
  readers: ['Ai đã xem hồ sơ này', 'Who read this record'],
  noReaders: ['Chưa có ai xem hồ sơ này.', 'Nobody has read this record yet.'],
  version: ['Phiên bản', 'Version'],
  validFrom: ['Hiệu lực từ', 'In force from'],
  recordedAt: ['Ghi lúc', 'Recorded at'],
  recordedBy: ['Người ghi', 'Recorded by'],
  source: ['Nguồn', 'Source'],
  changed: ['Thay đổi', 'Changed'],
  closedRecord: ['Hồ sơ đã đóng', 'Closed record'],
  readAt: ['Lúc', 'When'],
  who: ['Ai', 'Who'],
  role: ['Vai trò', 'Role'],
  action: ['Thao tác', 'Action'],
  recordNotFound: ['Không có hồ sơ với số này.', 'There is no record with this number.'],
  recordForbidden: [
    'Hồ sơ này không thuộc phạm vi quản lý của bạn. Lần truy cập đã được ghi nhật ký.',
    'This record is outside your jurisdiction. The attempt has been logged.',
  ],
  // campaigns
  campaign: ['Đợt thu thập', 'Campaign'],
  referenceDate: ['Thời điểm thu thập', 'Reference date'],
  window: ['Thời gian thu thập', 'Collection window'],
  forms: ['Phiếu', 'Forms'],
  worklist: ['Danh sách cần thu thập', 'Worklist'],
  handovers: ['Biên bản bàn giao', 'Hand-over records'],
  quota: ['Chỉ tiêu', 'Quota'],
  assigned: ['Đã giao', 'Assigned'],
  collected: ['Đã thu', 'Collected'],
  accepted: ['Đã duyệt', 'Accepted'],
  handedOver: ['Đã bàn giao', 'Handed over'],
  entered: ['Đã nhập', 'Entered'],
  archive: ['Lưu trữ', 'Archive'],
  late: ['Chậm', 'Late'],
  household: ['Hộ', 'Household'],
  collector: ['Điều tra viên', 'Collector'],
  state: ['Trạng thái', 'State'],
  noHandovers: ['Chưa có biên bản bàn giao.', 'No hand-over record yet.'],
  checkCode: ['Mã kiểm tra', 'Check code'],
  count: ['Số phiếu', 'Count'],
  from: ['Bên giao', 'From'],
  to: ['Bên nhận', 'To'],
  at: ['Lúc', 'At'],
  // reconciliation
  proposals: ['Đề xuất liên kết hồ sơ', 'Linkage proposals'],
  noProposals: ['Không có đề xuất nào đang chờ.', 'No proposal is waiting.'],
  score: ['Điểm', 'Score'],
  accept: ['Chấp nhận', 'Accept'],
  reject: ['Từ chối', 'Reject'],
  startReconcile: ['Đối soát với CSDL quốc gia về dân cư', 'Reconcile with the population register'],
  discrepancies: ['Sai lệch', 'Discrepancies'],
  noDiscrepancies: ['Không có sai lệch.', 'No discrepancy.'],
  workerValue: ['Trong hồ sơ', 'In the record'],
  registerValue: ['Trong CSDL dân cư', 'In the register'],
  running: ['Đang chạy', 'Running'],
  // reports
  labourSupply: ['Báo cáo cung lao động', 'Labour-supply report'],
  byUnit: ['Theo đơn vị trực thuộc', 'By unit below'],
  calendar: ['Lịch báo cáo', 'Reporting calendar'],
  deadline: ['Hạn nộp', 'Deadline'],
  period: ['Kỳ', 'Period'],
  submit: ['Nộp báo cáo', 'Submit'],
  submitted: ['Đã nộp', 'Submitted'],
  total: ['Tổng số', 'Total'],
  // import
  chooseFile: ['Chọn tệp (CSV hoặc JSON Lines, định dạng trao đổi Mẫu 03)', 'Choose a file (CSV or JSON Lines, Mẫu 03 exchange format)'],
  upload: ['Tải lên và nhập', 'Upload and import'],
  uploading: ['Đang tải lên', 'Uploading'],
  importing: ['Đang nhập', 'Importing'],
  importDone: ['Đã nhập xong', 'Import finished'],
  importFailed: ['Việc nhập bị dừng', 'The import stopped'],
  rowsDone: ['dòng đã xử lý', 'rows processed'],
  created: ['hồ sơ mới', 'new records'],
  newVersions: ['phiên bản mới', 'new versions'],
  unchangedRows: ['không đổi', 'unchanged'],
  rejectedRows: ['dòng bị từ chối', 'rejected rows'],
  rejectsFile: ['Tải danh sách dòng bị từ chối (CSV)', 'Download the rejected rows (CSV)'],
  importNote: [
    'Dòng có lỗi không được lưu; các dòng khác vẫn được lưu. Tệp lỗi ghi số dòng, trường và lý do.',
    'Rows with errors are not stored; the others are. The rejects file names the line, field and reason.',
  ],
  // users
  addUser: ['Thêm người dùng', 'Add a user'],
  disabled: ['Đã khóa', 'Disabled'],
  active: ['Đang hoạt động', 'Active'],
  disable: ['Khóa', 'Disable'],
  enable: ['Mở khóa', 'Enable'],
  resetPassword: ['Đặt lại mật khẩu', 'Reset password'],
  changeRole: ['Đổi vai trò, đơn vị', 'Change role or unit'],
  person: ['Số CCCD của người lao động', "The worker's CCCD"],
  create: ['Tạo', 'Create'],
  noUsers: ['Chưa có người dùng nào trong phạm vi của bạn.', 'No user in your area yet.'],
  unitCode: ['Mã đơn vị', 'Unit code'],
} as const;

export type MessageKey = keyof typeof M;

let lang: Lang = (localStorage.getItem('lmis.lang') as Lang) === 'en' ? 'en' : 'vi';
const listeners = new Set<() => void>();
document.documentElement.lang = lang;

export function setLang(next: Lang) {
  lang = next;
  localStorage.setItem('lmis.lang', next);
  document.documentElement.lang = next;
  for (const l of listeners) l();
}

export function useLang(): Lang {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => lang,
  );
}

export function text(key: MessageKey, l: Lang = lang): string {
  return M[key][l === 'vi' ? 0 : 1];
}

// t('key') in the current language; also picks one of a server's message pair.
export function useT() {
  const l = useLang();
  const t = (key: MessageKey) => text(key, l);
  t.lang = l;
  t.pick = (vi: string, en: string) => (l === 'vi' ? vi : en || vi);
  return t;
}

export function formatNumber(n: number | null | undefined, l: Lang): string {
  if (n === null || n === undefined) return '–';
  return n.toLocaleString(l === 'vi' ? 'vi-VN' : 'en-GB');
}

export function formatDate(iso: string | null | undefined, l: Lang): string {
  if (!iso) return '–';
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(iso);
  if (!m) return iso;
  if (l === 'en') return iso.slice(0, 10);
  return [m[3], m[2], m[1]].filter(Boolean).join('/');
}

export function formatTime(iso: string | null | undefined, l: Lang): string {
  if (!iso) return '–';
  const d = new Date(iso);
  if (isNaN(d.getTime())) return iso;
  return d.toLocaleString(l === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });
}

// Today in the officer's own time zone (YYYY-MM-DD): before 07:00 in Việt Nam the UTC date is
// still yesterday.
export function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
